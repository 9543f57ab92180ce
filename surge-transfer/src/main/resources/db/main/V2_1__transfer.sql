-- Delayed transfers: wallets, banks with maintenance windows, transfers, dispatch settings and the
-- bank simulator's ledger. Instants are epoch milliseconds (BIGINT) so the SQL is the same on
-- PostgreSQL, MariaDB and H2 and no engine converts time zones.

CREATE TABLE tr_wallet (
  user_id BIGINT NOT NULL PRIMARY KEY,
  balance BIGINT NOT NULL
);

CREATE TABLE tr_bank (
  code VARCHAR(16) NOT NULL PRIMARY KEY,
  name VARCHAR(64) NOT NULL
);

CREATE TABLE tr_bank_daily (
  bank_code VARCHAR(16) NOT NULL,
  position_no INT NOT NULL,
  start_time VARCHAR(5) NOT NULL,
  end_time VARCHAR(5) NOT NULL,
  PRIMARY KEY (bank_code, position_no)
);

CREATE TABLE tr_bank_window (
  bank_code VARCHAR(16) NOT NULL,
  position_no INT NOT NULL,
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  PRIMARY KEY (bank_code, position_no)
);

CREATE TABLE tr_transfer (
  id BIGINT NOT NULL PRIMARY KEY,
  user_id BIGINT NOT NULL,
  idempotency_key VARCHAR(64) NOT NULL,
  request_hash VARCHAR(64) NOT NULL,
  bank_code VARCHAR(16) NOT NULL,
  account_number VARCHAR(32) NOT NULL,
  amount BIGINT NOT NULL,
  memo VARCHAR(100),
  status VARCHAR(16) NOT NULL,
  version INT NOT NULL,
  attempts INT NOT NULL,
  created_at BIGINT NOT NULL,
  scheduled_at BIGINT,
  dispatched_at BIGINT,
  processing_at BIGINT,
  completed_at BIGINT,
  failure_reason VARCHAR(200),
  CONSTRAINT uq_tr_transfer_key UNIQUE (user_id, idempotency_key)
);

CREATE INDEX ix_tr_transfer_due ON tr_transfer (status, scheduled_at);
CREATE INDEX ix_tr_transfer_user ON tr_transfer (user_id, status, id);

CREATE TABLE tr_setting (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  setting_value VARCHAR(64) NOT NULL
);

CREATE TABLE tr_sim_deposit (
  transfer_id BIGINT NOT NULL PRIMARY KEY,
  bank_code VARCHAR(16) NOT NULL,
  account_number VARCHAR(32) NOT NULL,
  amount BIGINT NOT NULL,
  deposited_at BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  calls INT NOT NULL
);

INSERT INTO tr_bank (code, name) VALUES ('004', 'KB Kookmin Bank');
INSERT INTO tr_bank (code, name) VALUES ('088', 'Shinhan Bank');
INSERT INTO tr_bank (code, name) VALUES ('020', 'Woori Bank');
INSERT INTO tr_bank (code, name) VALUES ('081', 'Hana Bank');
INSERT INTO tr_bank (code, name) VALUES ('011', 'NH NongHyup Bank');
INSERT INTO tr_bank (code, name) VALUES ('090', 'Kakao Bank');

INSERT INTO tr_bank_daily (bank_code, position_no, start_time, end_time) VALUES ('004', 0, '23:30', '00:30');
INSERT INTO tr_bank_daily (bank_code, position_no, start_time, end_time) VALUES ('088', 0, '23:50', '00:10');
INSERT INTO tr_bank_daily (bank_code, position_no, start_time, end_time) VALUES ('020', 0, '00:00', '00:10');
INSERT INTO tr_bank_daily (bank_code, position_no, start_time, end_time) VALUES ('081', 0, '23:40', '00:05');
INSERT INTO tr_bank_daily (bank_code, position_no, start_time, end_time) VALUES ('011', 0, '23:30', '00:30');

-- Friendship, stored both ways: (a, b) and (b, a).
CREATE TABLE pung_friend (
  user_id BIGINT NOT NULL,
  friend_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, friend_id)
);

-- A pung; instants are epoch milliseconds (portable across PostgreSQL, MariaDB and H2).
CREATE TABLE pung (
  id BIGINT NOT NULL PRIMARY KEY,
  author_id BIGINT NOT NULL,
  body VARCHAR(500) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  deleted_at BIGINT,
  audience_size INT NOT NULL
);
CREATE INDEX pung_author_idx ON pung (author_id, id);
CREATE INDEX pung_expires_idx ON pung (expires_at);

-- Who may read a pung: fixed at posting, rows removed when the author and viewer stop being friends.
CREATE TABLE pung_audience (
  pung_id BIGINT NOT NULL,
  viewer_id BIGINT NOT NULL,
  PRIMARY KEY (pung_id, viewer_id)
);

-- Fan-out work written in the same transaction as the change; the relay publishes it to Kafka.
CREATE TABLE pung_outbox (
  id BIGINT NOT NULL PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  pung_id BIGINT NOT NULL,
  viewer_id BIGINT,
  attempts INT NOT NULL,
  available_at BIGINT NOT NULL
);
CREATE INDEX pung_outbox_available_idx ON pung_outbox (available_at);

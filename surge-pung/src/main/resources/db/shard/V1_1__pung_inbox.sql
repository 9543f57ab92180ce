-- One viewer's copy of a pung; removed = 1 is a tombstone that keeps a late add from resurrecting it.
CREATE TABLE pung_inbox (
  viewer_id BIGINT NOT NULL,
  pung_id BIGINT NOT NULL,
  bucket INT NOT NULL,
  author_id BIGINT NOT NULL,
  body VARCHAR(500) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  removed SMALLINT NOT NULL,
  PRIMARY KEY (viewer_id, pung_id)
);
CREATE INDEX pung_inbox_expires_idx ON pung_inbox (expires_at);
CREATE INDEX pung_inbox_bucket_idx ON pung_inbox (bucket);

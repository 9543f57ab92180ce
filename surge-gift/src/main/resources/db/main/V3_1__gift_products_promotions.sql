-- Gift promotions: products (the product service's data) and promotions listing products in order.
CREATE TABLE gift_product (
  id BIGINT NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  price BIGINT NOT NULL,
  sold_out BOOLEAN NOT NULL
);

-- revision grows on every change to the promotion or to one of its products.
CREATE TABLE gift_promotion (
  id BIGINT NOT NULL PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  revision BIGINT NOT NULL
);

CREATE TABLE gift_promotion_product (
  promotion_id BIGINT NOT NULL,
  ord INT NOT NULL,
  product_id BIGINT NOT NULL,
  PRIMARY KEY (promotion_id, ord)
);

CREATE INDEX gift_promotion_product_by_product ON gift_promotion_product (product_id);

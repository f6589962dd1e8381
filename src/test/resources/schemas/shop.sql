-- A small shop: every MySQL/TiDB column type Ferry migrates, foreign keys, a composite key,
-- a table keyed only by a unique key, a generated column and a table that cannot be keyed.
CREATE TABLE country (
  country_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
  code CHAR(2) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name VARCHAR(50) NOT NULL COMMENT 'as the country calls itself',
  founded YEAR NULL,
  PRIMARY KEY (country_id),
  UNIQUE KEY uk_country_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE store (
  store_id BINARY(16) NOT NULL,
  country_id SMALLINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  legacy_name VARCHAR(40) CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL,
  location POINT NULL,
  area POLYGON NULL,
  opens TIME NOT NULL DEFAULT '09:00:00',
  closes TIME(3) NULL,
  PRIMARY KEY (store_id),
  KEY idx_store_country (country_id),
  CONSTRAINT fk_store_country FOREIGN KEY (country_id) REFERENCES country (country_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE product (
  product_id INT UNSIGNED NOT NULL,
  sku VARCHAR(32) NOT NULL,
  title VARCHAR(200) NOT NULL,
  description TEXT NULL,
  notes TINYTEXT NULL,
  size ENUM('S','M','L','XL') NOT NULL DEFAULT 'M',
  tags SET('new','sale','eco') NOT NULL DEFAULT '',
  price DECIMAL(10,2) UNSIGNED NOT NULL,
  weight FLOAT NULL,
  ratio DOUBLE NULL,
  flags BIT(8) NULL,
  active TINYINT(1) NOT NULL DEFAULT 1,
  attributes JSON NULL,
  image MEDIUMBLOB NULL,
  checksum BINARY(4) NULL,
  released DATE NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  title_upper VARCHAR(200) GENERATED ALWAYS AS (upper(title)) VIRTUAL,
  PRIMARY KEY (product_id),
  UNIQUE KEY uk_product_sku (sku),
  FULLTEXT KEY ft_product_title (title)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE stock (
  store_id BINARY(16) NOT NULL,
  product_id INT UNSIGNED NOT NULL,
  quantity MEDIUMINT NOT NULL,
  counted_at DATETIME NULL,
  PRIMARY KEY (store_id, product_id),
  CONSTRAINT fk_stock_store FOREIGN KEY (store_id) REFERENCES store (store_id),
  CONSTRAINT fk_stock_product FOREIGN KEY (product_id) REFERENCES product (product_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE price_history (
  product_id INT UNSIGNED NOT NULL,
  valid_from DATETIME(3) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  big_counter BIGINT UNSIGNED NULL,
  small_counter TINYINT NULL,
  delta SMALLINT NULL,
  UNIQUE KEY uk_price (product_id, valid_from),
  CONSTRAINT fk_price_product FOREIGN KEY (product_id) REFERENCES product (product_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_log (
  message VARCHAR(200) NULL,
  logged_at DATETIME NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

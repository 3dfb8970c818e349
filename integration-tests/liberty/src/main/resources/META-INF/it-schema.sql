CREATE TABLE IF NOT EXISTS it_order (id bigserial PRIMARY KEY, ref text NOT NULL, payload text, created_at timestamp NOT NULL);
CREATE TABLE IF NOT EXISTS it_execution (id bigserial PRIMARY KEY, endpoint text NOT NULL, ref text NOT NULL, created_at timestamp NOT NULL);

-- The application's own first migration, next to Idem's in the same Flyway run.
CREATE TABLE orders (id bigserial PRIMARY KEY, ref text NOT NULL);

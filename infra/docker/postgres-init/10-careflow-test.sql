-- Runs once, when the postgres container initialises an empty volume (docker-entrypoint-initdb.d).
-- POSTGRES_DB creates careflow; integration tests use careflow_test.
CREATE DATABASE careflow_test OWNER careflow;

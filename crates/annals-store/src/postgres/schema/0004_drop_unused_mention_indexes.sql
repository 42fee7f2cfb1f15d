-- annals store (PostgreSQL), schema version 4: drop the two mention indexes (as SQLite's
-- migration 7). `mentions_code` served no query: nothing looks mentions up by code.
-- `mentions_unresolved` served only the curation list of unresolved names, which now
-- scans the table. On the Wikinews sample the two took more than the table itself.
DROP INDEX mentions_code;
DROP INDEX mentions_unresolved;

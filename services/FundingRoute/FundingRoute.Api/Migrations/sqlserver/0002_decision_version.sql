-- Each decision carries a version, so a subscriber keeps the newest whatever order events arrive in.
ALTER TABLE funding_routes ADD version int NOT NULL DEFAULT 1;

-- the rows the app needs (retort's seed-sql)
INSERT INTO app_settings (key, value) VALUES ('default_status', 'active') ON CONFLICT DO NOTHING;

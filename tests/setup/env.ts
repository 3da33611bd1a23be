// Tests never touch ./data: every test file that needs a database installs its own.
process.env.DATA_DIR = '/nonexistent-labcycle-test-data'
process.env.SEED_DEMO = 'false'
process.env.SCHEDULER = 'off'
process.env.TZ ??= 'UTC'

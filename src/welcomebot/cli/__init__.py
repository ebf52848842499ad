"""The `welcomebot` command: one module a subcommand, wired in `main`."""

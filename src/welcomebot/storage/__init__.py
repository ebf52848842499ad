"""Storage: SQLModel tables, Alembic migrations, and one repository per table."""

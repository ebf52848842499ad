from datetime import timedelta

import sqlalchemy as sa

from welcomebot.storage import database
from welcomebot.storage.models import utcnow
from welcomebot.storage.repositories import UnansweredRepository, UserRepository


def test_migrations_create_the_schema_and_can_run_twice(settings):
    database.upgrade(settings)
    database.upgrade(settings)
    engine = sa.create_engine(settings.sync_database_url)
    tables = set(sa.inspect(engine).get_table_names())
    assert {
        "users",
        "answer_feedback",
        "unanswered_questions",
        "invites",
        "rumour_reports",
        "alembic_version",
    } <= tables
    with engine.connect() as connection:
        assert (
            connection.execute(sa.text("select version_num from alembic_version")).scalar()
            == "0002"
        )
    engine.dispose()


async def test_unanswered_questions_are_purged_after_the_retention_period(app):
    async with app.sessions() as session:
        repo = UnansweredRepository(session)
        await repo.add("old question", "en", None, None)
        await repo.add("new question", "uk", "health-family-doctor", 0.2)
        kept = await repo.recent()
        kept[1].created = utcnow() - timedelta(days=91)  # the older of the two
        await session.commit()
        assert await repo.purge(retention_days=90) == 1
        await session.commit()
        assert [q.text for q in await repo.recent()] == ["new question"]


async def test_saving_a_language_twice_updates_one_row(app):
    async with app.sessions() as session:
        users = UserRepository(session)
        await users.save_language(5, "en")
        await users.save_language(5, "uk")
        await session.commit()
        assert (await users.get(5)).language == "uk"
        assert await users.forget(5) is True
        assert await users.forget(5) is False

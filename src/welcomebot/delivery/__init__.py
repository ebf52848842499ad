"""The delivery queue: one outbox row per recipient per message, sent by one worker within
Telegram's limits. Everything that reaches users in bulk (broadcasts, reminders) goes here."""

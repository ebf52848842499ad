"""Property-based fuzzing of the whole bot: strategies of what people send, and a harness that
plays them through the real Dispatcher and checks what must never happen."""

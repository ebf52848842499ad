"""What is small talk and what is not: a message that only sounds like it goes to the matcher
and the danger check, with the emergency numbers where they belong."""

import pytest

from welcomebot.matching.small_talk import SmallTalk, small_talk


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("bye", SmallTalk.GOODBYE),
        ("thanks, bye", SmallTalk.GOODBYE),
        ("до побачення", SmallTalk.GOODBYE),
        ("пока", SmallTalk.GOODBYE),
        ("good night", SmallTalk.GOODBYE),
        # A farewell phrase without a farewell word of its own.
        ("see you", SmallTalk.GOODBYE),
        ("See you tomorrow!", SmallTalk.GOODBYE),
        ("thank you, have a nice day", SmallTalk.GOODBYE),
        ("на все добре", SmallTalk.GOODBYE),
        ("всього доброго, дякую", SmallTalk.GOODBYE),
        ("до завтра", SmallTalk.GOODBYE),
        ("do zavtra", SmallTalk.GOODBYE),
        ("poka", SmallTalk.GOODBYE),
        ("thank you for your help", SmallTalk.THANKS),
        ("thank you for your help, bye", SmallTalk.GOODBYE),
        ("дякую, до побачення", SmallTalk.GOODBYE),
        ("дякую за інформацію", SmallTalk.THANKS),
        ("дякую вам, ви дуже допомогли", SmallTalk.THANKS),
        ("thank you so much, you helped a lot", SmallTalk.THANKS),
        ("what can you do?", SmallTalk.ABOUT),
        ("що ви вмієте?", SmallTalk.ABOUT),
        ("yes", SmallTalk.ACKNOWLEDGEMENT),
        ("так, дякую", SmallTalk.ACKNOWLEDGEMENT),
        ("my wife says thank you very much", SmallTalk.THANKS),
        ("муж говорит спасибо", SmallTalk.THANKS),
        ("мама передає дякую", SmallTalk.THANKS),
        ("who are you", SmallTalk.ABOUT),
        ("are you a bot?", SmallTalk.ABOUT),
        ("а ви хто?", SmallTalk.ABOUT),
    ],
)
def test_small_talk_is_answered_in_kind(text, kind):
    said = small_talk(text)
    assert said is not None and said.kind is kind


@pytest.mark.parametrize(
    "text",
    [
        # A family named in a farewell may be a child leaving: the danger check and the
        # matcher read it, and a goodbye gets no reply that hides the numbers.
        "goodbye my daughter",
        "my daughter said goodbye",
        "до побачення діти",
        "пока мама",
        "my wife says bye",
        # Latin words read back as Ukrainian ("do" is до, "na" is на) say no goodbye.
        "do they have my children?",
        "do you have my daughter?",
        "have you see my son?",
        "soon?",
        "later?",
        # A farewell phrase's words, or one with more said around it.
        "tomorrow",
        "завтра",
        "have a nice day, but my card still does not work",
        "see you at the centre",
        "take care of my son",
        "have you seen my son?",
        "thanks for the help, now I need a doctor",
        # A plea with thanks: what thanks are for counts only whole ("for your help").
        "help, thanks",
        "help thank you",
        "info thanks",
        # "What can you do" only whole; a farewell that may be a last one.
        "can",
        "do you",
        "who can do this?",
        "farewell",
        "what can you do about my documents?",
        # No, or not, may start trouble.
        "no",
        "ні",
        "not ok",
        "not good",
        "no good",
        "not clear",
        # A question mark asks.
        "yes?",
        "my son ok?",
        "he ok?",
        "thanks, and my husband?",
        "і все?",
        "і діти теж, добре?",
        # Thanks for help with a question after them.
        "ви дуже допомогли, а де знайти лікаря?",
        "you helped me find a flat, but where is the school",
        # Family words alone pass nothing on.
        "муж все",
        "my husband",
    ],
)
def test_what_only_sounds_like_small_talk_is_read_as_a_message(text):
    assert small_talk(text) is None

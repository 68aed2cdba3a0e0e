"""The bot end to end: the real PTB Application polling a fake Bot API on 127.0.0.1."""

import asyncio
import json
import re
import time
from html.parser import HTMLParser

import pytest

from bot.app import build_application
from bot.deps import BotConfig, Deps
from retrieval.index import build_index
from tests.bot.e2e import ADMIN, GROUP, USER, quiet_for, running, sent, wait_sent
from tests.bot.e2e import assistant as assistant_for
from tests.conftest import DATA
from tests.fakes.telegram_api import FakeTelegramAPI


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.bad, self.hrefs = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in {"a", "b", "i", "blockquote"}:
            self.bad.append(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad.append(f"/{tag}")


def well_formed(text):
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return not parser.bad and not parser.stack, parser.hrefs


@pytest.fixture
def data_dir(tmp_path):
    build_index([DATA / "articles.jsonl"], data_dir=tmp_path / "data", workers=1)
    return tmp_path / "data"


@pytest.fixture
def telegram_api():
    with FakeTelegramAPI(username="test_bot") as api:
        yield api


def make_app(telegram_api, assistant):
    """Build the bot as `newsdesk run` does, pointed at the fake, with user 7 as admin."""
    return build_application(
        Deps(assistant=assistant, config=BotConfig(admin_ids=frozenset({ADMIN}))),
        token=telegram_api.token,
        base_url=telegram_api.base_url,
        read_timeout=5,
    )


@pytest.fixture
def assistant(data_dir):
    """The bot's assistant: tests/data as the corpus of `/reload`."""
    return assistant_for(data_dir)


@pytest.fixture
async def bot(telegram_api, assistant):
    async with running(make_app(telegram_api, assistant)) as app:
        yield app


async def test_a_private_question_gets_a_cited_html_answer_with_buttons(bot, telegram_api):
    telegram_api.push_update(
        telegram_api.text_message(USER, "How long is the new metro extension in Kyiv?")
    )
    [reply] = await wait_sent(telegram_api)
    assert reply["chat_id"] == USER
    assert reply["parse_mode"] == "HTML"
    assert reply["link_preview_options"] == {"is_disabled": True}
    assert "4.2 kilometres" in reply["text"]
    ok, hrefs = well_formed(reply["text"])
    assert ok
    assert "https://example.test/en/kyiv-metro" in hrefs
    buttons = [b for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    assert any(b["callback_data"].startswith("m:") for b in buttons)
    assert any(b["callback_data"].startswith("s:") for b in buttons)


async def test_the_command_menu_is_set_per_scope_and_language(bot, telegram_api):
    calls = await wait_sent(telegram_api, 12, method="setMyCommands")
    scopes = {(json.dumps(c["scope"], sort_keys=True), c.get("language_code")) for c in calls}
    assert len(scopes) == 12
    names = {cmd["command"] for cmd in calls[0]["commands"]}
    assert {"ask", "help"} <= names


async def test_group_chatter_is_ignored_but_ask_in_a_topic_is_answered_there(bot, telegram_api):
    telegram_api.push_update(telegram_api.text_message(GROUP, "anyone seen the metro news?"))
    assert await quiet_for(telegram_api, 0.8) == 0
    update = telegram_api.push_update(
        telegram_api.text_message(
            GROUP, "/ask@test_bot how long is the Kyiv metro extension", thread_id=7
        )
    )
    [reply] = await wait_sent(telegram_api)
    assert reply["chat_id"] == GROUP
    assert reply["message_thread_id"] == 7
    assert reply["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert "4.2 kilometres" in reply["text"]


async def test_mentions_and_replies_to_the_bot_are_answered_in_groups(bot, telegram_api):
    telegram_api.push_update(
        telegram_api.text_message(GROUP, "@test_bot who funded solar panels in Kharkiv schools?")
    )
    [first] = await wait_sent(telegram_api)
    assert '[1] <a href="https://example.test/en/solar">' in first["text"]
    telegram_api.push_update(
        telegram_api.text_message(GROUP, "and what about bread prices?", reply_to_bot=True)
    )
    replies = await wait_sent(telegram_api, 2)
    assert "bread" in replies[1]["text"].lower()


async def test_the_bots_name_is_no_part_of_the_question_in_any_letter_case(bot, telegram_api):
    # Telegram usernames are case-insensitive: "@TEST_BOT" addresses @test_bot.
    telegram_api.push_update(telegram_api.text_message(GROUP, "@TEST_BOT"))
    [usage] = await wait_sent(telegram_api)
    assert "/ask" in usage["text"]
    assert "[1]" not in usage["text"]
    telegram_api.push_update(
        telegram_api.text_message(USER, "@Test_Bot who funded solar panels in Kharkiv schools?")
    )
    replies = await wait_sent(telegram_api, 2)
    assert '[1] <a href="https://example.test/en/solar">' in replies[1]["text"]
    assert "test_bot" not in replies[1]["text"].lower()


async def test_a_greeting_and_thanks_get_a_reply_in_kind_not_quotes(bot, telegram_api):
    telegram_api.push_update(telegram_api.text_message(USER, "Привіт!", language_code="uk"))
    [hello] = await wait_sent(telegram_api)
    assert hello["text"].startswith("Привіт! Запитайте мене про новини")
    telegram_api.push_update(telegram_api.text_message(GROUP, "@test_bot thanks a lot 🙏"))
    replies = await wait_sent(telegram_api, 2)
    assert replies[1]["text"] == "You're welcome! Ask me anything else about the news."
    assert "reply_markup" not in replies[1]


async def test_an_off_topic_question_says_so_in_the_askers_language(bot, telegram_api):
    telegram_api.push_update(
        telegram_api.text_message(
            USER, "Яка температура плавлення вольфраму на Марсі?", language_code="uk"
        )
    )
    [reply] = await wait_sent(telegram_api)
    assert "не йдеться" in reply["text"]
    assert "reply_markup" not in reply


async def test_non_admin_reload_is_refused_in_private_and_silent_in_groups(bot, telegram_api):
    telegram_api.push_update(telegram_api.text_message(USER, "/reload"))
    [reply] = await wait_sent(telegram_api)
    assert "administrators" in reply["text"]
    telegram_api.push_update(telegram_api.text_message(GROUP, "/reload@test_bot"))
    assert await quiet_for(telegram_api, 0.8) == 0


async def test_admin_reload_reports_counts_while_questions_keep_being_answered(
    bot, telegram_api, assistant
):
    old_version = assistant.stats().version
    telegram_api.push_update(telegram_api.text_message(ADMIN, "/reload", user_id=ADMIN))
    questions = [
        "How long is the new metro extension in Kyiv?",
        "Which grant funded the solar panels in Kharkiv schools?",
        "How much grain went through the Black Sea corridor in October?",
        "Why did bread prices rise?",
    ]
    for i in range(20):
        telegram_api.push_update(telegram_api.text_message(1000 + i, questions[i % 4]))
    replies = await wait_sent(telegram_api, 21, within=60)
    edits = await wait_sent(telegram_api, 1, method="editMessageText", within=60)
    answers = [r for r in replies if r["chat_id"] >= 1000]
    assert len(answers) == 20
    expected = ["4.2 kilometres", "Danish grant", "6.1 million tonnes", "loaf of white bread"]
    for r in answers:
        plain = re.sub(r"<[^>]+>", "", r["text"])  # a highlighted answer is in <b>
        assert any(e in plain for e in expected), r["text"]
        assert well_formed(r["text"])[0]
    assert "Reloaded: 14 articles" in edits[-1]["text"]
    assert assistant.stats().version != old_version


async def test_a_second_reload_while_one_runs_is_told_so(telegram_api, data_dir, tmp_path):
    big = tmp_path / "big.jsonl"
    base = json.loads((DATA / "articles.jsonl").read_text().splitlines()[0])
    with big.open("w") as f:
        for i in range(1500):
            f.write(json.dumps(base | {"id": f"c{i}", "text": f"Copy {i}. " + base["text"]}))
            f.write("\n")
    app = make_app(telegram_api, assistant_for(data_dir, NEWSDESK_CORPUS=str(big)))
    async with running(app):
        telegram_api.push_update(telegram_api.text_message(ADMIN, "/reload", user_id=ADMIN))
        await wait_sent(telegram_api, 1)
        telegram_api.push_update(telegram_api.text_message(ADMIN, "/reload", user_id=ADMIN))
        replies = await wait_sent(telegram_api, 2)
        assert "already in progress" in replies[1]["text"]
        edits = await wait_sent(telegram_api, 1, method="editMessageText", within=90)
        while "Reloaded" not in edits[-1]["text"]:
            edits = await wait_sent(telegram_api, len(edits) + 1, "editMessageText", within=90)
        assert "Reloaded: 1500 articles" in edits[-1]["text"]


async def test_a_failed_reload_keeps_the_old_index_and_says_why(telegram_api, data_dir, tmp_path):
    assistant = assistant_for(data_dir, NEWSDESK_CORPUS=str(tmp_path / "missing"))
    before = assistant.stats().version
    async with running(make_app(telegram_api, assistant)):
        telegram_api.push_update(telegram_api.text_message(ADMIN, "/reload", user_id=ADMIN))
        edits = await wait_sent(telegram_api, 1, method="editMessageText", within=30)
        assert "previous index keeps serving" in edits[-1]["text"]
        assert "missing" in edits[-1]["text"]
        assert assistant.stats().version == before
        telegram_api.push_update(telegram_api.text_message(USER, "Kyiv metro stations"))
        replies = await wait_sent(telegram_api, 2)
        assert '[1] <a href="https://example.test/en/kyiv-metro">' in replies[-1]["text"]


async def test_fifty_messages_from_one_user_get_bounded_answers_and_one_notice(bot, telegram_api):
    for i in range(50):
        telegram_api.push_update(telegram_api.text_message(USER, f"Kyiv metro stations {i}"))
    await wait_sent(telegram_api, 4)
    await quiet_for(telegram_api, 1.0)
    replies = sent(telegram_api)
    notices = [r for r in replies if "faster than I can answer" in r["text"]]
    answers = [r for r in replies if r not in notices]
    assert len(notices) == 1
    assert 3 <= len(answers) <= 5


async def test_hostile_markup_in_articles_and_questions_stays_text(bot, telegram_api):
    telegram_api.push_update(
        telegram_api.text_message(
            USER, 'council budget <b>taxes</b> & <a href="https://evil.test">cuts</a>'
        )
    )
    [reply] = await wait_sent(telegram_api)
    ok, hrefs = well_formed(reply["text"])
    assert ok
    assert all(h.startswith("https://example.test/") for h in hrefs)
    assert "&lt;a href=" in reply["text"]  # the article's fake link is shown as text


async def test_stickers_and_photos_get_a_hint_in_private_and_nothing_in_groups(bot, telegram_api):
    telegram_api.push_update(telegram_api.sticker(USER))
    [hint] = await wait_sent(telegram_api)
    assert "only read text" in hint["text"]
    telegram_api.push_update(telegram_api.photo(GROUP))
    telegram_api.push_update(telegram_api.sticker(GROUP))
    assert await quiet_for(telegram_api, 0.8) == 0


async def test_over_long_questions_are_refused_politely(bot, telegram_api):
    telegram_api.push_update(telegram_api.text_message(USER, "metro " * 300))
    [reply] = await wait_sent(telegram_api)
    assert "too long" in reply["text"]


async def test_more_and_source_buttons_work_and_unknown_ones_fail_politely(bot, telegram_api):
    telegram_api.push_update(telegram_api.text_message(USER, "Kyiv metro stations"))
    [reply] = await wait_sent(telegram_api)
    buttons = [b for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    source = next(b for b in buttons if b["callback_data"].startswith("s:"))
    message_id = 1
    telegram_api.push_update(
        telegram_api.callback_query(USER, message_id, source["callback_data"])
    )
    shown = await wait_sent(telegram_api, 2)
    assert well_formed(shown[1]["text"])[0]
    assert len(shown[1]["text"]) > 80
    more = next(b for b in buttons if b["callback_data"].startswith("m:"))
    telegram_api.push_update(telegram_api.callback_query(USER, message_id, more["callback_data"]))
    await wait_sent(telegram_api, 3)
    # Another user: USER's bucket (3 questions at once) is spent on the three above.
    telegram_api.push_update(telegram_api.callback_query(USER + 1, message_id, "m:gone"))
    answers = await wait_sent(telegram_api, 3, method="answerCallbackQuery")
    assert "expired" in answers[-1].get("text", "")


async def test_inline_queries_return_articles(bot, telegram_api):
    telegram_api.push_update(telegram_api.inline_query("Kyiv metro"))
    [answer] = await wait_sent(telegram_api, method="answerInlineQuery")
    results = answer["results"]
    assert results
    assert results[0]["title"].startswith("Kyiv metro")
    assert results[0]["input_message_content"]["parse_mode"] == "HTML"


async def test_start_speaks_the_users_language(bot, telegram_api):
    telegram_api.push_update(telegram_api.text_message(USER, "/start", language_code="ru"))
    [reply] = await wait_sent(telegram_api)
    assert "Я отвечаю на вопросы" in reply["text"]


async def test_stats_show_corpus_and_questions_answered(bot, telegram_api):
    telegram_api.push_update(telegram_api.text_message(USER, "Kyiv metro stations"))
    await wait_sent(telegram_api)
    telegram_api.push_update(telegram_api.text_message(USER, "/stats"))
    replies = await wait_sent(telegram_api, 2)
    assert "Articles: 14" in replies[1]["text"]
    assert "Questions answered: 1" in replies[1]["text"]


async def test_flood_control_is_honoured_and_the_answer_still_arrives(bot, telegram_api):
    telegram_api.fail_next("sendMessage", "retry_after")
    telegram_api.push_update(telegram_api.text_message(USER, "Kyiv metro stations"))
    [reply] = await wait_sent(telegram_api, within=15)
    assert '[1] <a href="https://example.test/en/kyiv-metro">' in reply["text"]
    assert len(telegram_api.requests_for("sendMessage")) == 2


async def test_unparsable_html_is_resent_once_as_plain_text(bot, telegram_api):
    telegram_api.fail_next("sendMessage", "cant_parse")
    telegram_api.push_update(telegram_api.text_message(USER, "Kyiv metro stations"))
    [reply] = await wait_sent(telegram_api)
    assert reply.get("parse_mode") is None
    assert "<" not in reply["text"]


async def test_a_failing_send_gets_logged_and_one_apology(bot, telegram_api, caplog):
    telegram_api.fail_next("sendMessage", "bad_gateway")
    telegram_api.push_update(telegram_api.text_message(USER, "Kyiv metro stations"))
    [apology] = await wait_sent(telegram_api)
    assert "something went wrong" in apology["text"]
    assert await quiet_for(telegram_api, 0.5) == 0
    assert telegram_api.token not in caplog.text


async def test_one_slow_reply_does_not_hold_up_other_chats(bot, telegram_api):
    telegram_api.fail_next("sendMessage", "slow", seconds=2.0)
    telegram_api.push_update(telegram_api.text_message(USER, "Kyiv metro stations"))
    await asyncio.sleep(0.2)
    started = time.monotonic()
    telegram_api.push_update(telegram_api.text_message(USER + 1, "Why did bread prices rise?"))
    replies = await wait_sent(telegram_api, 1)
    assert time.monotonic() - started < 1.5
    assert replies[0]["chat_id"] == USER + 1


async def test_a_group_that_migrates_mid_answer_gets_the_answer_in_the_new_chat(bot, telegram_api):
    telegram_api.fail_next("sendMessage", "migrate", migrate_to_chat_id=-100777)
    telegram_api.push_update(telegram_api.text_message(GROUP, "/ask Kyiv metro stations"))
    [reply] = await wait_sent(telegram_api)
    assert reply["chat_id"] == -100777
    assert "metro" in reply["text"].lower()


async def test_a_too_long_rejection_is_resent_in_smaller_parts(bot, telegram_api):
    telegram_api.fail_next("sendMessage", "too_long")
    telegram_api.push_update(telegram_api.text_message(USER, "Kyiv metro stations"))
    replies = await wait_sent(telegram_api)
    assert len(telegram_api.requests_for("sendMessage")) >= 2
    assert all(well_formed(r["text"])[0] for r in replies)
    assert "Vynohradar" in " ".join(r["text"] for r in replies)


async def test_a_failing_command_menu_is_logged_and_the_bot_still_answers(
    telegram_api, assistant, caplog
):
    telegram_api.fail_next("setMyCommands", "bad_gateway")
    app = make_app(telegram_api, assistant)
    async with app:
        await app.post_init(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        telegram_api.push_update(telegram_api.text_message(USER, "Kyiv metro stations"))
        [reply] = await wait_sent(telegram_api)
        assert "Vynohradar" in reply["text"]
        await app.updater.stop()
        await app.stop()
    assert "setMyCommands failed" in caplog.text


async def test_the_chats_and_users_seen_are_not_kept_without_a_persistence(bot, telegram_api):
    # python-telegram-bot notes every update's chat and user for its persistence and only
    # forgets them when it writes one; the bot has none, so they would pile up forever.
    for user in range(1000, 1030):
        telegram_api.push_update(telegram_api.text_message(user, "Kyiv metro extension?"))
    await wait_sent(telegram_api, count=30)
    assert bot.persistence is None
    assert not bot._chat_ids_to_be_updated_in_persistence
    assert not bot._user_ids_to_be_updated_in_persistence

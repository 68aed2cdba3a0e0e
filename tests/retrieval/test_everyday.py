"""Everyday requests are told from news questions (`retrieval.everyday`)."""

import pytest

from retrieval.everyday import is_everyday_request, pleasantry


@pytest.mark.parametrize(
    "question",
    [
        "how do i change my gmail password",
        "easy banana bread recipe without eggs?",
        "what's the weather like in manchester this weekend",
        "як оформити закордонний паспорт через дію",
        "рецепт борщу з квасолею",
        "как перевести деньги с карты на карту без комиссии",
        "погода в москве на выходные",
        "where can i buy a cheap iphone",
        "can you recommend a good movie for tonight",
        "translate hello into french",
        "how many calories in a banana",
        "де купити дешевий айфон",
        "порадь гарний серіал",
        "котра година в нью-йорку",
        "где купить билеты на концерт",
        "посоветуй хороший фильм",
        "сколько калорий в банане",
        "tell me a joke",
        "how are you?",
        "what should i watch tonight",
        "розкажи анекдот",
        "що приготувати на вечерю",
        "что посмотреть в кино на выходных",
        "как дела?",
        "погода у львові завтра",
        "weather forecast for paris",
        # The second wave: chores, advice, asks to write or sum, timetables.
        "how long do i boil an egg",
        "how much water should i drink a day",
        "can you help me write a cover letter",
        "convert 100 euros to pounds",
        "next train from manchester to leeds",
        "whats 15 percent of 80",
        "lyrics to bohemian rhapsody",
        "best phone under 500 dollars",
        "what's a good name for a cat",
        "can i bring a laptop on the plane",
        "should i get a flu shot this year",
        "скільки варити яйця",
        "який телефон купити до 10 тисяч",
        "як швидко заснути",
        "розклад потягів київ львів",
        "наступний потяг з києва до львова",
        "напиши привітання з днем народження для мами",
        "чим лікувати застуду вдома",
        "де поїсти у львові недорого",
        "гороскоп на завтра для лева",
        "що подарувати дівчині на новий рік",
        "чи буде дощ у києві завтра",
        "скільки буде 15 відсотків від 200",
        "сколько варить гречку",
        "какой ноутбук купить для учебы",
        "как быстро похудеть к лету",
        "расписание электричек москва тверь",
        "следующая электричка из москвы в тверь",
        "придумай тост на свадьбу",
        "чем лечить кашель у ребенка",
        "будет ли снег в питере завтра",
        "что подарить маме на 8 марта",
        "где лучше отдохнуть в турции в октябре",
        # Opening hours for a day, and when a match kicks off.
        "what time does the supermarket close on sunday",
        "until what time is the museum open",
        "what time is kick-off tonight",
        "до котрої працює укрпошта в суботу",
        "о котрій відкривається сільпо завтра",
        "до скольки работает сбербанк",
        "во сколько начнется матч динамо шахтер",
    ],
)
def test_everyday_requests_are_recognised(question):
    assert is_everyday_request(question)


@pytest.mark.parametrize(
    "question",
    [
        "how did the council vote",
        "як помер композитор",
        "как погиб сенатор тюльпанов",
        "what did the committee recommend",
        "where did the minister buy the house",
        "що з'ясували про рецептори смаку",
        "какие рецепторы нашли учёные",
        "riverton library opening hours in winter",
        "what time does the new bridge open to traffic",
        "when is the next train strike",
        "как дела у сборной перед финалом",
        "how did the weather affect the harvest",
        "из-за плохой погоды отменили рейсы?",
        "how are you going to vote, asked the poll",
        "what should i read about brexit",
        # A question word and a plural noun, a pronoun or "what to expect" is no advice.
        "які кандидати пройшли у другий тур",
        "що депутати вирішили щодо бюджету",
        "коли мігранти прибули до кордону",
        "чого чекати від саміту в брюсселі",
        "чего ждать от переговоров по брекситу",
        "какую часть бюджета урезали",
        "когда эти поселенцы стали колонистами",
        "что можно описать как строку над алфавитом",
        "какой национальности хёсон ли",
        "how long did the trial last",
        # Opening and closing that is an event, or an election's.
        "what time do polls close",
        "what time did the shops close on christmas eve",
        "во сколько закрываются избирательные участки",
        "о котрій зачиняються виборчі дільниці",
        "what time do polls close on thursday",
        "до котрої працюють виборчі дільниці",
        "до скольки работают избирательные участки",
        # "Як звати", "как звать": a name asked, not how to do something.
        "як звати нового посла у франції",
        "как звать нового тренера сборной",
    ],
)
def test_news_questions_are_not_everyday_requests(question):
    assert not is_everyday_request(question)


def test_only_the_first_words_of_a_long_message_are_read():
    filler = "tell me about the budget " * 12  # 300 characters
    assert not is_everyday_request(filler + " recipe")


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hi", "greeting"),
        ("Hello there!", "greeting"),
        ("Привіт!", "greeting"),
        ("Добрий день", "greeting"),
        ("Здравствуйте, бот", "greeting"),
        ("hi, how are you?", "greeting"),
        ("Привіт, як справи?", "greeting"),
        ("как дела?", "greeting"),
        ("thanks a lot 🙏", "thanks"),
        ("Дякую!", "thanks"),
        ("Спасибо большое!!!", "thanks"),
        ("hi, thanks", "thanks"),
    ],
)
def test_a_greeting_or_thanks_alone_is_told_apart(message, kind):
    assert pleasantry(message) == kind


@pytest.mark.parametrize(
    "message",
    [
        "hi, who won the election",
        "привіт, хто переміг",
        "thanks for nothing: what did the minister say",
        "спасибо моей семье",  # the articles' words, not a reader's thanks
        "hello kitty",
        "hiking in the alps",
        "ty cobb",
        "🙏",
        "",
    ],
)
def test_a_message_with_more_than_that_is_no_pleasantry(message):
    assert pleasantry(message) is None

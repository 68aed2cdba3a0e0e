from datetime import date

from corpus.article import id_from_url
from corpus.readers import load_corpus
from tests.corpus.helpers import write_file

PAGE = """<!DOCTYPE html>
<html lang="uk-UA">
<head>
  <meta charset="utf-8">
  <title>Рада ухвалила бюджет на 2024 рік | Новини міста</title>
  <meta property="og:title" content="Рада ухвалила бюджет на 2024 рік">
  <meta property="og:site_name" content="Новини міста">
  <meta property="article:published_time" content="2024-03-05T10:15:00+02:00">
  <link rel="canonical" href="https://news.example.ua/rada-budget">
</head>
<body>
  <header><nav>
    <a href="/">Головна</a> <a href="/news">Новини</a> <a href="/sport">Спорт</a>
  </nav></header>
  <main><article>
    <h1>Рада ухвалила бюджет на 2024 рік</h1>
    <p>Міська рада ухвалила бюджет на наступний рік після довгого обговорення доріг і шкіл.</p>
    <figure><img src="hall.jpg">
      <figcaption>Ілюстративне фото: сесійна зала (УНІАН)</figcaption>
    </figure>
    <p>Мер сказав, що бюджет передбачає будівництво трьох нових шкіл
    і ремонт сорока кілометрів доріг.</p>
    <p>Опозиція заявила, що голосуватиме проти, бо видатки на транспорт занадто малі.</p>
  </article></main>
  <footer>© 2024 Новини міста. Усі права захищено.</footer>
</body>
</html>
"""


def test_html_main_text_and_metadata_are_extracted_without_page_chrome(tmp_path):
    [article], report = load_corpus([write_file(tmp_path / "page.html", PAGE)])
    assert report.problems == []
    assert article.title == "Рада ухвалила бюджет на 2024 рік"
    assert article.published == date(2024, 3, 5)
    assert article.url == "https://news.example.ua/rada-budget"
    assert article.source == "Новини міста"
    assert article.lang == "uk"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Міська рада ухвалила бюджет")
    assert paragraphs[-1].startswith("Опозиція заявила")
    assert not any("Головна" in p or "Усі права" in p or "Ілюстративне" in p for p in paragraphs)


def test_an_html_page_without_a_date_has_no_date_rather_than_a_guess(tmp_path):
    page = PAGE.replace(
        '<meta property="article:published_time" content="2024-03-05T10:15:00+02:00">', ""
    )
    [article], _ = load_corpus([write_file(tmp_path / "page.htm.gz", page)])
    assert article.published is None
    assert article.id == id_from_url("https://news.example.ua/rada-budget")


def test_an_html_page_without_main_text_is_a_problem(tmp_path):
    path = write_file(
        tmp_path / "blank.html", "<html><head><title>x</title></head><body></body></html>"
    )
    _, report = load_corpus([path], allow_empty=True)
    [problem] = report.problems
    assert problem.file == str(path)
    assert problem.reason.startswith("empty text")


def test_markup_that_breaks_the_extractor_is_a_problem_not_a_crash(tmp_path):
    broken = (
        b"<svg><p>\xd0\x9f\xd1\x80<html><![CDATA[<?xml version='1.0' encoding='bogus'?>"
        b"<html lang='\x00<?xml version='1.0' encoding='bogus'?>\xd0\x9f\xd1\x80&#0;</html>"
        b"<meta charset='utf-16'></p><!--</html>"
    )
    path = write_file(tmp_path / "broken.html", broken)
    write_file(tmp_path / "fine.html", PAGE)
    articles, report = load_corpus([tmp_path])
    assert articles[-1].title == "Рада ухвалила бюджет на 2024 рік"
    # trafilatura 2.3 raises an AssertionError from lxml on this page; it becomes a problem.
    assert all(p.file == str(path) for p in report.problems)
    assert all(
        p.reason.startswith(("HTML extraction failed", "empty text")) for p in report.problems
    )

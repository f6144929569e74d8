"""What the cleaner drops and, above all, what it must keep (precision first).

Each case puts one paragraph between, before or after two ordinary news paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flashpoint.config import PipelineConfig
from flashpoint.ingest.clean import (
    LONG_APPEAL_MAX_CHARS,
    clean_text,
    default_rules,
    make_rules,
    repair_mojibake,
    segment,
)
from flashpoint.model import Cleaned, RawDocument
from flashpoint.registry import STAGES

NEWS = [
    "Fighting resumed near the border on Tuesday, officials said, after a two-day lull that "
    "had allowed aid trucks to reach several villages in the north of the province.",
    "The United Nations said at least 40 people had been killed since the start of the month, "
    "most of them civilians caught in shelling of residential areas near the town.",
]

#: News paragraphs that mention money, media, donations, subscriptions, bios or sharing.
KEEP = [
    "The government donated $5 million to the relief fund, the newspaper reported.",
    "Reuters could not independently verify the claim.",
    "The ministry said in a statement published on its website that it would subscribe to "
    "the UN convention.",
    "Donors pledged $2bn at the conference in Brussels.",
    "Follow-up talks are planned for next week.",
    "Support for the ruling party has fallen sharply.",
    "Support independent media, the EU urged member states in a resolution on Thursday.",
    "The EU will support independent media in Belarus with €10m.",
    "Subscribers to the state newspaper fell by a third.",
    "Sign-up for the voluntary return scheme closed on Friday.",
    "Finland will become a member of the alliance next month.",
    "Become a member of NATO? Finland has now done so.",
    "Share prices fell 3 percent in Istanbul.",
    "Photo opportunities were limited by security.",
    "Copyright disputes between the two broadcasters went to court.",
    "Related talks in Geneva made no progress.",
    "Advertising revenue fell.",
    "By Tuesday, the fighting had eased.",
    "Karimov is a veteran correspondent for the state news agency.",
    "He is a professor of law at Cairo University.",
    "She is a former journalist who now runs the party's media office.",
    "The newspaper's editor is a former minister.",
    "This article of the constitution was first published in 1992 and never amended.",
    "The report was first published in 2019.",
    "Donations can be made at any branch of the national bank, the ministry said.",
    "We rely on the generosity of neighbouring countries, the minister said.",
    "Every contribution counts, the envoy said.",
    "If you value peace, you must talk to your enemies, he said.",
    "Your donation helps, the campaign's posters say.",
    '"We rely on readers like you," the editor of the banned weekly told the court.',
    "All rights reserved, the court ruled, belong to the author's estate.",
    "Credit: the central bank extended a $2bn credit line to exporters.",
    "Image: the president's image was damaged by the scandal.",
    "Cookie exports to Russia were banned.",
    "Users must accept all cookies under the new law, the regulator said.",
    "Subscribe to the treaty, the minister urged his neighbours.",
    "Get the latest figures from the health ministry on its website.",
    "Join us today, the protest organisers wrote on social media.",
    "Follow Putin on Telegram for updates, state media urged.",
    "Share on Facebook was banned in Myanmar.",
    "Editing by committee slowed the draft.",
    "Reporting by local journalists was restricted.",
    "More from the summit: leaders agreed to meet again.",
    "Sponsored by the ministry of culture, the exhibition opened on Monday.",
    "John Doe is a spokesman for the ministry.",
    "Amnesty International is an organisation whose director was arrested.",
    "They are people like you and me who have fallen on hard times.",
]

#: Boilerplate paragraphs and the reason they are dropped with.
DROP = [
    ("Support our journalism", "donation appeal"),
    ("We rely on readers like you.", "donation appeal"),
    ("Donate now", "donation appeal"),
    ("Please make a contribution to keep our reporting free for everyone.", "donation appeal"),
    ("If you value our reporting, please support us.", "donation appeal"),
    ("Every contribution, however big or small, powers our journalism.", "donation appeal"),
    ("Your support helps us keep our journalism free for all.", "donation appeal"),
    ("Become a member today and get exclusive access.", "membership appeal"),
    ("Subscribe to The Daily Example for unlimited access.", "subscription prompt"),
    ("Already a subscriber? Log in to continue reading.", "subscription prompt"),
    ("Sign up for our newsletter", "newsletter prompt"),
    ("Get the latest news delivered to your inbox", "newsletter prompt"),
    ("By signing up, you agree to our privacy policy.", "newsletter prompt"),
    ("This article was first published by The New Humanitarian.", "republication notice"),
    ("This story originally appeared in Foreign Policy.", "republication notice"),
    ("This article is republished from The Conversation under a Creative Commons license.",
     "republication notice"),
    ("Read the original article.", "republication notice"),
    ("Share this article", "share/social prompt"),
    ("Click to share on Twitter (Opens in new window)", "share/social prompt"),
    ("Share on Facebook Share on X Email this story", "share/social prompt"),
    ("Share | Tweet | Email", "share/social prompt"),
    ("Follow us on Twitter", "share/social prompt"),
    ("We use cookies to give you the best experience.", "cookie notice"),
    ("Accept all cookies", "cookie notice"),
    ("Manage preferences", "cookie notice"),
    ("Read more: Five things to know about the vote", "related links"),
    ("Related: Iran denies role in attack", "related links"),
    ("Also read: How the deal was done", "related links"),
    ("More from World", "related links"),
    ("© 2021 Example News", "copyright line"),
    ("Copyright 2020 The Associated Press. All rights reserved.", "copyright line"),
    ("Advertisement", "advertisement label"),
    ("Story continues below advertisement", "advertisement label"),
    ("Photo: AFP / John Smith", "image credit"),
    ("(Image credit: Getty Images)", "image credit"),
]

BIOS = [
    "Jane Doe is a senior fellow at the Example Institute.",
    "Karim El-Amin is a freelance journalist based in Tunis.",
    "Maria Lopez is an assistant professor of political science at the University of Texas.",
    "Olu Adeyemi is the West Africa correspondent for The Example.",
]


def _place(paragraph: str, where: str) -> str:
    paras = {"start": [paragraph, *NEWS], "middle": [NEWS[0], paragraph, NEWS[1]],
             "end": [*NEWS, paragraph]}[where]
    return "\n\n".join(paras)


def _clean(text: str) -> Cleaned:
    return clean_text(text, default_rules())


@pytest.mark.parametrize("where", ["start", "middle", "end"])
@pytest.mark.parametrize("paragraph", KEEP)
def test_clean_keeps_news_that_mentions_cue_words(paragraph: str, where: str) -> None:
    text = _place(paragraph, where)
    out = _clean(text)
    assert out.dropped == ()
    assert out.text == text


@pytest.mark.parametrize("where", ["middle", "end"])
@pytest.mark.parametrize(("paragraph", "reason"), DROP)
def test_clean_drops_boilerplate_with_reason(paragraph: str, reason: str, where: str) -> None:
    out = _clean(_place(paragraph, where))
    assert [(d.text, d.reason) for d in out.dropped] == [(paragraph, reason)]
    assert out.text == "\n\n".join(NEWS)


@pytest.mark.parametrize("bio", BIOS)
def test_clean_drops_author_bio_at_the_end(bio: str) -> None:
    follow = "Follow her on Twitter @author"
    out = _clean("\n\n".join([*NEWS, bio, follow]))
    assert [(d.text, d.reason) for d in out.dropped] == [(bio, "author bio"),
                                                         (follow, "author bio")]


@pytest.mark.parametrize("bio", BIOS)
def test_clean_keeps_bio_like_paragraph_not_at_the_end(bio: str) -> None:
    assert _clean("\n\n".join([NEWS[0], bio, NEWS[1]])).dropped == ()


def test_clean_keeps_bio_of_someone_in_the_news() -> None:
    text = "\n\n".join([
        "Police detained Jane Doe at her home in Minsk on Tuesday, her lawyer said.", *NEWS,
        "Jane Doe is a freelance journalist based in Minsk."])
    assert _clean(text).dropped == ()


def test_clean_pronoun_bio_only_continues_a_named_bio() -> None:
    pronoun = "She previously covered the war in Syria and is the author of two books."
    assert _clean("\n\n".join([*NEWS, pronoun])).dropped == ()
    out = _clean("\n\n".join([*NEWS, BIOS[0], pronoun]))
    assert [d.reason for d in out.dropped] == ["author bio", "author bio"]


@pytest.mark.parametrize("byline", [
    "By Jane Doe", "BY JANE DOE AND JOHN ROE", "By Jane Doe & John Roe",
    "By Imogen Castellane · May 17, 2023", "By Jane Doe | Updated 10:32 a.m. ET",
    "By Jane Doe, Staff Writer",
])
def test_clean_byline_forms(byline: str) -> None:
    assert [d.reason for d in _clean("\n\n".join([byline, *NEWS])).dropped] == ["byline"]


@pytest.mark.parametrize("line", [
    "By Monday, 40 people had died", "By Tuesday, the fighting had eased.", "By The Numbers",
    "By Air And Sea", "By 2030, 40 percent of cars will be electric",
])
def test_clean_by_phrases_that_are_not_bylines(line: str) -> None:
    assert _clean("\n\n".join([line, *NEWS])).dropped == ()


def test_clean_byline_only_at_the_start() -> None:
    byline = "By Jane Doe and John Roe, Reuters"
    out = _clean("\n\n".join([byline, *NEWS]))
    assert [(d.text, d.reason) for d in out.dropped] == [(byline, "byline")]
    assert _clean("\n\n".join([*NEWS, *NEWS, byline, *NEWS])).dropped == ()


def test_clean_keeps_dateline() -> None:
    text = "BEIRUT (AP) — " + NEWS[0]
    assert _clean(text).text == text


def test_clean_sweeps_short_lines_after_a_tail_appeal() -> None:
    tail = ["Support our journalism", "$5 monthly", "Thank you for reading."]
    out = _clean("\n\n".join([*NEWS, *tail]))
    assert [d.text for d in out.dropped] == tail
    assert {d.reason for d in out.dropped} == {"donation appeal"}


def test_clean_does_not_sweep_news_after_a_mid_text_appeal() -> None:
    short_news = "Talks resume on Monday."
    out = _clean("\n\n".join([NEWS[0], "Support our journalism", NEWS[1], short_news]))
    assert [d.text for d in out.dropped] == ["Support our journalism"]
    assert out.text.endswith(short_news)


def test_clean_cuts_appeal_glued_to_the_last_paragraph() -> None:
    appeal = "Support our journalism. If you value our reporting, please make a donation."
    out = _clean(f"{NEWS[0]}\n\n{NEWS[1]} {appeal}\n")
    assert out.text == f"{NEWS[0]}\n\n{NEWS[1]}\n"
    assert [(d.text, d.reason) for d in out.dropped] == [(appeal, "donation appeal")]


def test_clean_glued_cut_never_takes_the_first_sentence() -> None:
    text = "Support our journalism. Donate now."
    assert _clean(text).dropped[0].text == text  # the whole unit, not a sentence cut
    assert _clean("Donors met. " + NEWS[0]).dropped == ()


def test_clean_line_level_share_prompt_glued_under_a_paragraph() -> None:
    out = _clean(f"{NEWS[0]}\nShare this article\n\n{NEWS[1]}")
    assert [d.text for d in out.dropped] == ["Share this article"]
    assert out.text == f"{NEWS[0]}\n\n{NEWS[1]}"


def test_clean_single_newline_paragraphs_keep_their_separators() -> None:
    out = _clean(f"{NEWS[0]}\nAdvertisement\n{NEWS[1]}")
    assert out.text == f"{NEWS[0]}\n{NEWS[1]}"


def test_clean_long_paragraph_with_one_cue_stays_long_appeal_goes() -> None:
    one_cue = " ".join([NEWS[0], "We rely on readers like you.", NEWS[1], NEWS[0], NEWS[1]])
    assert len(one_cue) > 500
    assert _clean("\n\n".join([NEWS[0], one_cue])).dropped == ()
    appeal = ("If you value our reporting, please consider making a contribution. We rely on "
              "readers like you. " + "Independent journalism takes time and money to produce. "
              * 12)
    assert 500 < len(appeal) <= LONG_APPEAL_MAX_CHARS
    assert [d.reason for d in _clean("\n\n".join([*NEWS, appeal])).dropped] == [
        "donation appeal"]


@pytest.mark.parametrize(("text", "spans"), [
    ("a\n\nb", [(0, 1), (3, 4)]),
    ("  One.\nTwo.\n", [(2, 6), (7, 11)]),
    ("A wrapped line that is long enough to be a hard wrap\nof the next one.", [(0, 69)]),
    ("short head\nlower case continues it.", [(0, 35)]),
    ("By Jane Doe\nBEIRUT (AP) — Text.", [(0, 11), (12, 31)]),
    ("", []),
    (" \n\t\n", []),
    ("a\n\x1f\u2028\nb", [(0, 1), (5, 6)]),
])
def test_clean_segment_units(text: str, spans: list[tuple[int, int]]) -> None:
    assert segment(text) == spans


@pytest.mark.parametrize(("broken", "fixed"), [
    ("Ã©", "é"), ("Lulaâ€™s", "Lula’s"), ("â€œquoteâ€\x9d", "“quote”"), ("Â£300m", "£300m"),
    ("Ã‰lysÃ©e", "Élysée"), ("JosÃ© MÃºcio", "José Múcio"), ("â€”", "—"),
    ("café naïve Zürich", "café naïve Zürich"), ("Ã", "Ã"), ("â€", "â€"), ("ÂÂ", "ÂÂ"),
    ("São Paulo", "São Paulo"), ("€1.2bn", "€1.2bn"),
])
def test_clean_repair_mojibake_only_when_it_round_trips(broken: str, fixed: str) -> None:
    assert repair_mojibake(broken) == fixed
    assert repair_mojibake(fixed) == fixed


def test_clean_mojibake_repaired_in_kept_text_and_not_recorded() -> None:
    out = _clean("The ministerâ€™s statement.\n\nâ€œNo,â€\x9d he said.")
    assert out.text == "The minister’s statement.\n\n“No,” he said."
    assert out.dropped == ()


def test_clean_stage_is_registered_and_honours_config() -> None:
    factory = STAGES["clean"].get("clean.rules.v1")
    assert factory is make_rules
    text = "Support our journalism\n\n" + NEWS[0]
    raw = RawDocument(id="x", text=text)
    stage: Callable[[RawDocument], Cleaned] = make_rules(PipelineConfig())
    assert stage(raw).text == NEWS[0]
    assert make_rules(PipelineConfig(clean=False))(raw) == Cleaned(text, ())


@pytest.mark.parametrize(("paragraph", "kept", "link"), [
    # a link to another story pasted inside a paragraph goes, up to where the story resumes
    ("Britain accused Russia of the nerve agent attack in early March. Read more: What Lavrov "
     "said: Germany, other countries expel Russian diplomats over Skripal poisoning The "
     "Foreign Ministry told the US ambassador that Russia would expel 60 diplomats.",
     "Britain accused Russia of the nerve agent attack in early March. The Foreign Ministry "
     "told the US ambassador that Russia would expel 60 diplomats.",
     "Read more: What Lavrov said: Germany, other countries expel Russian diplomats over "
     "Skripal poisoning"),
    # a Title Case headline runs to the quote that resumes the story, past its "That"
    ("He visited the sites. Related: Six Resource Projects in Canada That Got it Right "
     "\u201cSeeing it as a tool,\u201d he said.",
     "He visited the sites. \u201cSeeing it as a tool,\u201d he said.",
     "Related: Six Resource Projects in Canada That Got it Right"),
])
def test_clean_drops_a_related_link_glued_inside_a_paragraph(paragraph: str, kept: str,
                                                             link: str) -> None:
    out = clean_text(paragraph, default_rules())
    assert out.text == kept
    assert [(d.text, d.reason) for d in out.dropped] == [(link, "related links")]


@pytest.mark.parametrize("paragraph", [
    "He said he would read more: the book is long. The end.",
    "It was done. Related: the next steps are unclear and will take time to settle.",
])
def test_clean_keeps_a_paragraph_that_only_says_read_more(paragraph: str) -> None:
    assert clean_text(paragraph, default_rules()).text == paragraph

"""Language check: English always passes; clearly foreign text is refused with its name."""

from __future__ import annotations

import pytest

from flashpoint.config import PipelineConfig
from flashpoint.errors import UnsupportedLanguageError
from flashpoint.ingest.read import check_language, detect_language
from flashpoint.model import RawDocument

CONFIG = PipelineConfig()

ENGLISH = [
    "Iran denied the report.",
    "Hamas",
    "U.S. Lifts Travel Ban to Lebanon.",
    "Putin met Erdogan in Sochi.",
    "NATO and EU ministers met in Brussels.",
    "Police fired tear gas at protesters in Nairobi on Tuesday.",
    "Punjab government imposed blockades in Lahore, Rawalpindi, Multan and Faisalabad.",
    "Russian President Vladimir Putin will meet Recep Tayyip Erdogan, in Ankara on September 28"
    " for talks on Syria, the Kremlin said.",
    "US Vice President Mike Pence meets Iceland's President Gudni Th Johannesson at Hofdi House"
    " in Reykjavik.",
    "KABUL (Reuters) - Taliban fighters overran a district centre in Badakhshan province on"
    " Sunday, officials said, as fighting spread across northern Afghanistan.",
    "THE GOVERNMENT OF BURKINA FASO DECLARED A STATE OF EMERGENCY IN SIX PROVINCES.",
    "Le Pen's Rassemblement National and Mélenchon's La France Insoumise both called the"
    " decree « un coup de force » and said they would challenge it before the Conseil"
    " constitutionnel, according to a statement released late on Tuesday.",
    "The mayor of Ciudad Juárez, Cruz Pérez Cuéllar, said the city would open two new"
    " shelters for migrants expelled from El Paso under Title 42.\n\n" * 40,
    "Mr. Al-Khatib, 54, was detained at a checkpoint near Qalqilya, his lawyer said. The"
    " Israeli army did not respond to a request for comment. Palestinian officials called the"
    " arrest 'arbitrary' and demanded his release within 48 hours.",
]

FOREIGN = {
    "fr": "Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs"
          " touchés par la sécheresse. Le ministre de l'Agriculture a déclaré que l'aide serait"
          " versée avant la fin du mois, mais les syndicats estiment que les montants restent"
          " insuffisants.",
    "de": "Die Regierung hat am Dienstag neue Maßnahmen zur Unterstützung der von der Dürre"
          " betroffenen Landwirte angekündigt. Der Landwirtschaftsminister erklärte, die Hilfe"
          " werde noch vor Ende des Monats ausgezahlt.",
    "es": "El gobierno anunció el martes nuevas medidas para apoyar a los agricultores afectados"
          " por la sequía. El ministro de Agricultura dijo que la ayuda se pagará antes de fin de"
          " mes, pero los sindicatos consideran que los montos siguen siendo insuficientes.",
    "ar": "أعلنت الحكومة يوم الثلاثاء عن إجراءات جديدة لدعم المزارعين المتضررين من الجفاف. وقال"
          " وزير الزراعة إن المساعدات ستصرف قبل نهاية الشهر، لكن النقابات ترى أن المبالغ لا تزال"
          " غير كافية.",
    "zh": "政府周二宣布了支持受干旱影响农民的新措施。"
          "农业部长表示，援助将在月底前发放，但工会认为金额仍然不足。"
          "预计周六将在全国多个城市举行抗议活动。",
    "ru": "Правительство во вторник объявило о новых мерах поддержки фермеров, пострадавших от"
          " засухи. Министр сельского хозяйства заявил, что помощь будет выплачена до конца"
          " месяца.",
}
NAMES = {"fr": "French", "de": "German", "es": "Spanish", "ar": "Arabic", "zh": "Chinese",
         "ru": "Russian"}


@pytest.mark.parametrize("text", ENGLISH)
def test_ingest_english_is_never_rejected(text: str) -> None:
    assert check_language(RawDocument(id="e", text=text), CONFIG) == "en"


@pytest.mark.parametrize("code", sorted(FOREIGN))
def test_ingest_foreign_text_is_rejected_with_its_name(code: str) -> None:
    raw = RawDocument(id="f1", text=FOREIGN[code], source=f"article-{code}.txt")
    with pytest.raises(UnsupportedLanguageError) as info:
        check_language(raw, CONFIG)
    message = str(info.value)
    assert f"article-{code}.txt" in message
    assert NAMES[code] in message
    assert "translate" in message
    assert info.value.code == "FP105"


@pytest.mark.parametrize("code", ["fr", "de"])
def test_ingest_configured_languages_are_accepted(code: str) -> None:
    config = PipelineConfig(languages=("en", code))
    assert check_language(RawDocument(id="f", text=FOREIGN[code]), config) == code


def test_ingest_detect_language_reads_only_the_start() -> None:
    text = FOREIGN["fr"] * 3 + "The minister said the talks would resume. " * 2_000
    language, probability = detect_language(text)
    assert language == "fr"
    assert 0.9 < probability <= 1.0


def test_ingest_foreign_word_in_english_text_is_english() -> None:
    assert check_language(RawDocument(id="s", text="Merci beaucoup, monsieur."), CONFIG) == "en"

"""The packaged KB resolves the aliases news uses to the right actor, type and country."""

from __future__ import annotations

import pytest

from flashpoint.actors.kb import KBActor, KnowledgeBase, load_kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def best(kb: KnowledgeBase, alias: str) -> KBActor:
    found = kb.lookup(alias)
    assert found, f"{alias!r} is not in the KB"
    return found[0]


@pytest.mark.parametrize(("alias", "ident", "kind", "country"), [
    # states, capitals and seats of government
    ("Moscow", "RUS", "state", "RUS"),
    ("Russian", "RUS", "state", "RUS"),
    ("Russians", "RUS", "state", "RUS"),
    ("Russian Federation", "RUS", "state", "RUS"),
    ("the Kremlin", "RUS.GOV", "government", "RUS"),
    ("Kremlin", "RUS.GOV", "government", "RUS"),
    ("Washington", "USA", "state", "USA"),
    ("U.S.", "USA", "state", "USA"),
    ("Americans", "USA", "state", "USA"),
    ("the White House", "USA.GOV", "government", "USA"),
    ("White House", "USA.GOV", "government", "USA"),
    ("Downing Street", "GBR.GOV", "government", "GBR"),
    ("Tehran", "IRN", "state", "IRN"),
    ("Beijing", "CHN", "state", "CHN"),
    ("Zhongnanhai", "CHN.GOV", "government", "CHN"),
    ("Kyiv", "UKR", "state", "UKR"),
    ("Kiev", "UKR", "state", "UKR"),
    ("Élysée", "FRA.GOV", "government", "FRA"),
    ("Elysee", "FRA.GOV", "government", "FRA"),
    ("Quai d'Orsay", "FRA.MFA", "government", "FRA"),
    ("Quai d’Orsay", "FRA.MFA", "government", "FRA"),
    ("Foggy Bottom", "USA.MFA", "government", "USA"),
    ("State Department", "USA.MFA", "government", "USA"),
    ("Pentagon", "USA.MOD", "government", "USA"),
    ("Côte d'Ivoire", "CIV", "state", "CIV"),
    ("Ivory Coast", "CIV", "state", "CIV"),
    ("South Sudan", "SSD", "state", "SSD"),
    # armed non-state groups
    ("Houthis", "YEM.HOUTHIS", "armed_group", "YEM"),
    ("Ansar Allah", "YEM.HOUTHIS", "armed_group", "YEM"),
    ("Ansarullah", "YEM.HOUTHIS", "armed_group", "YEM"),
    ("RSF", "SDN.RSF", "armed_group", "SDN"),
    ("Rapid Support Forces", "SDN.RSF", "armed_group", "SDN"),
    ("Hezbollah", "LBN.HEZBOLLAH", "armed_group", "LBN"),
    ("Hizballah", "LBN.HEZBOLLAH", "armed_group", "LBN"),
    ("Hizbullah", "LBN.HEZBOLLAH", "armed_group", "LBN"),
    ("Hamas", "PSE.HAMAS", "armed_group", "PSE"),
    ("al-Shabaab", "SOM.SHABAAB", "armed_group", "SOM"),
    ("Shabaab", "SOM.SHABAAB", "armed_group", "SOM"),
    ("al Shabab", "SOM.SHABAAB", "armed_group", "SOM"),
    ("al-Shabab", "SOM.SHABAAB", "armed_group", "SOM"),
    ("Boko Haram", "NGA.BOKO-HARAM", "armed_group", "NGA"),
    ("Wagner Group", "RUS.WAGNER", "armed_group", "RUS"),
    ("Africa Corps", "RUS.WAGNER", "armed_group", "RUS"),
    ("M23", "COD.M23", "armed_group", "COD"),
    ("PKK", "TUR.PKK", "armed_group", "TUR"),
    ("YPG", "SYR.YPG", "armed_group", "SYR"),
    ("SDF", "SYR.SDF", "armed_group", "SYR"),
    ("HTS", "SYR.HTS", "armed_group", "SYR"),
    ("Hayat Tahrir al-Sham", "SYR.HTS", "armed_group", "SYR"),
    ("Taliban", "AFG.TALIBAN", "armed_group", "AFG"),
    ("TTP", "PAK.TTP", "armed_group", "PAK"),
    ("JNIM", "MLI.JNIM", "armed_group", "MLI"),
    ("ISWAP", "NGA.ISWAP", "armed_group", "NGA"),
    ("Islamic Jihad", "PSE.PIJ", "armed_group", "PSE"),
    ("Kataib Hezbollah", "IRQ.KATAIB-HEZBOLLAH", "armed_group", "IRQ"),
    ("Popular Mobilization Forces", "IRQ.PMF", "armed_group", "IRQ"),
    ("ELN", "COL.ELN", "armed_group", "COL"),
    ("FARC dissidents", "COL.EMC", "armed_group", "COL"),
    ("Arakan Army", "MMR.AA", "armed_group", "MMR"),
    ("Islamic State", "NSA.IS", "armed_group", None),
    ("ISIS", "NSA.IS", "armed_group", None),
    ("ISIL", "NSA.IS", "armed_group", None),
    ("Daesh", "NSA.IS", "armed_group", None),
    ("al-Qaeda", "NSA.AQ", "armed_group", None),
    # government bodies, forces, intelligence services
    ("IRGC", "IRN.IRGC", "military", "IRN"),
    ("Revolutionary Guards", "IRN.IRGC", "military", "IRN"),
    ("PLA", "CHN.MIL", "military", "CHN"),
    ("IDF", "ISR.MIL", "military", "ISR"),
    ("Russian army", "RUS.MIL", "military", "RUS"),
    ("Russian troops", "RUS.MIL", "military", "RUS"),
    ("Ukrainian armed forces", "UKR.MIL", "military", "UKR"),
    ("Sudanese army", "SDN.MIL", "military", "SDN"),
    ("FSB", "RUS.FSB", "intelligence", "RUS"),
    ("SVR", "RUS.SVR", "intelligence", "RUS"),
    ("GRU", "RUS.GRU", "intelligence", "RUS"),
    ("CIA", "USA.CIA", "intelligence", "USA"),
    ("Mossad", "ISR.MOSSAD", "intelligence", "ISR"),
    ("MI6", "GBR.MI6", "intelligence", "GBR"),
    ("ISI", "PAK.ISI", "intelligence", "PAK"),
    ("SBU", "UKR.SBU", "intelligence", "UKR"),
    ("GUR", "UKR.GUR", "intelligence", "UKR"),
    ("HUR", "UKR.GUR", "intelligence", "UKR"),
    ("MSS", "CHN.MSS", "intelligence", "CHN"),
    ("FBI", "USA.FBI", "police", "USA"),
    ("Knesset", "ISR.LEG", "government", "ISR"),
    # generic bodies generated from templates for every state
    ("Nigerien army", "NER.MIL", "military", "NER"),
    ("Kenyan police", "KEN.POL", "police", "KEN"),
    ("Brazilian government", "BRA.GOV", "government", "BRA"),
    ("Indian navy", "IND.MIL.NAVY", "military", "IND"),
    ("Egyptian foreign ministry", "EGY.MFA", "government", "EGY"),
    ("Polish defence ministry", "POL.MOD", "government", "POL"),
    ("Peruvian authorities", "PER.GOV", "government", "PER"),
    ("Congolese army", "COD.MIL", "military", "COD"),
    # intergovernmental organisations
    ("UN", "IGO.UN", "igo", None),
    ("United Nations", "IGO.UN", "igo", None),
    ("UN Security Council", "IGO.UN.SC", "igo", None),
    ("EU", "IGO.EU", "igo", None),
    ("NATO", "IGO.NATO", "igo", None),
    ("African Union", "IGO.AU", "igo", None),
    ("ECOWAS", "IGO.ECOWAS", "igo", None),
    ("Arab League", "IGO.ARAB-LEAGUE", "igo", None),
    ("OPEC", "IGO.OPEC", "igo", None),
    ("IAEA", "IGO.UN.IAEA", "igo", None),
    ("ICC", "IGO.ICC", "igo", None),
    ("WHO", "IGO.UN.WHO", "igo", None),
    ("IMF", "IGO.IMF", "igo", None),
    ("World Bank", "IGO.WB", "igo", None),
])
def test_kb_alias_resolves(kb: KnowledgeBase, alias: str, ident: str, kind: str,
                           country: str | None) -> None:
    actor = best(kb, alias)
    assert (actor.id, actor.type, actor.country) == (ident, kind, country)


@pytest.mark.parametrize(("alias", "ident", "country"), [
    ("Zelensky", "P.volodymyr-zelensky", "UKR"),
    ("Zelenskyy", "P.volodymyr-zelensky", "UKR"),
    ("Zelenskiy", "P.volodymyr-zelensky", "UKR"),
    ("Putin", "P.vladimir-putin", "RUS"),
    ("Dmitry Peskov", "P.dmitry-peskov", "RUS"),
    ("Peskov", "P.dmitry-peskov", "RUS"),
    ("Lavrov", "P.sergey-lavrov", "RUS"),
    ("Shoigu", "P.sergei-shoigu", "RUS"),
    ("Belousov", "P.andrei-belousov", "RUS"),
    ("Gerasimov", "P.valery-gerasimov", "RUS"),
    ("Budanov", "P.kyrylo-budanov", "UKR"),
    ("Syrskyi", "P.oleksandr-syrskyi", "UKR"),
    ("Zaluzhnyi", "P.valerii-zaluzhnyi", "UKR"),
    ("Biden", "P.joe-biden", "USA"),
    ("Trump", "P.donald-trump", "USA"),
    ("Blinken", "P.antony-blinken", "USA"),
    ("Rubio", "P.marco-rubio", "USA"),
    ("Hegseth", "P.pete-hegseth", "USA"),
    ("Xi Jinping", "P.xi-jinping", "CHN"),
    ("Wang Yi", "P.wang-yi", "CHN"),
    ("Netanyahu", "P.benjamin-netanyahu", "ISR"),
    ("Gallant", "P.yoav-gallant", "ISR"),
    ("Israel Katz", "P.israel-katz", "ISR"),
    ("Khamenei", "P.ali-khamenei", "IRN"),
    ("Raisi", "P.ebrahim-raisi", "IRN"),
    ("Pezeshkian", "P.masoud-pezeshkian", "IRN"),
    ("Araghchi", "P.abbas-araghchi", "IRN"),
    ("Erdogan", "P.recep-tayyip-erdogan", "TUR"),
    ("Erdoğan", "P.recep-tayyip-erdogan", "TUR"),
    ("Fidan", "P.hakan-fidan", "TUR"),
    ("Bilgic", "P.tanju-bilgic", "TUR"),
    ("Burhan", "P.abdel-fattah-al-burhan", "SDN"),
    ("Hemedti", "P.mohamed-hamdan-dagalo", "SDN"),
    ("Mohamed Hamdan Dagalo", "P.mohamed-hamdan-dagalo", "SDN"),
    ("Tiani", "P.abdourahamane-tiani", "NER"),
    ("Traoré", "P.ibrahim-traore", "BFA"),
    ("Goïta", "P.assimi-goita", "MLI"),
    ("Goita", "P.assimi-goita", "MLI"),
    ("Abdul Malik al-Houthi", "P.abdul-malik-al-houthi", "YEM"),
    ("Nasrallah", "P.hassan-nasrallah", "LBN"),
    ("Naim Qassem", "P.naim-qassem", "LBN"),
    ("Sinwar", "P.yahya-sinwar", "PSE"),
    ("Haniyeh", "P.ismail-haniyeh", "PSE"),
    ("al-Sharaa", "P.ahmed-al-sharaa", "SYR"),
    ("al-Jolani", "P.ahmed-al-sharaa", "SYR"),
    ("Assad", "P.bashar-al-assad", "SYR"),
    ("Modi", "P.narendra-modi", "IND"),
    ("Shehbaz Sharif", "P.shehbaz-sharif", "PAK"),
    ("Asim Munir", "P.asim-munir", "PAK"),
    ("Macron", "P.emmanuel-macron", "FRA"),
    ("Starmer", "P.keir-starmer", "GBR"),
    ("Scholz", "P.olaf-scholz", "DEU"),
    ("Merz", "P.friedrich-merz", "DEU"),
    ("Guterres", "P.antonio-guterres", "PRT"),
    ("Stoltenberg", "P.jens-stoltenberg", "NOR"),
    ("Rutte", "P.mark-rutte", "NLD"),
    ("von der Leyen", "P.ursula-von-der-leyen", "DEU"),
    ("Kallas", "P.kaja-kallas", "EST"),
    ("Gaddafi", "P.muammar-gaddafi", "LBY"),
    ("Qaddafi", "P.muammar-gaddafi", "LBY"),
    ("Kadhafi", "P.muammar-gaddafi", "LBY"),
])
def test_kb_person_alias_resolves(kb: KnowledgeBase, alias: str, ident: str,
                                  country: str) -> None:
    actor = best(kb, alias)
    assert (actor.id, actor.type, actor.country) == (ident, "person", country)


def test_kb_rsf_is_not_the_sudanese_army(kb: KnowledgeBase) -> None:
    assert [a.id for a in kb.lookup("RSF")] == ["SDN.RSF"]
    assert kb.by_id["SDN.RSF"].type == "armed_group"
    assert kb.by_id["SDN.MIL"].type == "military"


def test_kb_peskov_is_the_kremlin_spokesman(kb: KnowledgeBase) -> None:
    peskov = best(kb, "Dmitry Peskov")
    roles = peskov.roles_at("2024-03-01")
    assert [(r.title, r.affiliation, r.country) for r in roles] == [
        ("spokesman", "RUS.GOV", "RUS")]


def test_kb_trump_is_one_person_with_two_terms(kb: KnowledgeBase) -> None:
    trump = kb.by_id["P.donald-trump"]
    presidencies = [r for r in trump.roles if r.title == "president"]
    assert [(r.start, r.end) for r in presidencies] == [
        ("2017-01-20", "2021-01-20"), ("2025-01-20", None)]
    assert trump.roles_at("2019-06-01") and trump.roles_at("2025-06")
    assert not trump.roles_at("2022")


def test_kb_transnational_groups_say_why_they_have_no_country(kb: KnowledgeBase) -> None:
    for ident in ("NSA.IS", "NSA.AQ"):
        actor = kb.by_id[ident]
        assert actor.country is None
        assert actor.note and "transnational" in actor.note


@pytest.mark.parametrize("alias", ["the president", "president", "minister", "the government"])
def test_kb_role_words_are_not_aliases(kb: KnowledgeBase, alias: str) -> None:
    assert kb.lookup(alias) == ()


@pytest.mark.parametrize(("alias", "first", "second"), [
    ("Congolese", "COD", "COG"),
    ("Brussels", "IGO.EU", "BEL"),
])
def test_kb_ambiguous_aliases_follow_their_rule(kb: KnowledgeBase, alias: str, first: str,
                                                second: str) -> None:
    assert [a.id for a in kb.lookup(alias)][:2] == [first, second]


@pytest.mark.parametrize(("ident", "cameo"), [
    ("IRN.MIL", "IRNMIL"), ("USA.GOV", "USAGOV"), ("IRQ.PMF", "IRQREB"), ("IGO.UN", "IGOUNO"),
    ("RUS", "RUS"), ("USA.POL", "USACOP"), ("PSE.HAMAS", "PSEREBHMS"), ("NSA.AQ", "IMGMUSALQ"),
    ("P.vladimir-putin", "RUSGOV"),
])
def test_kb_cameo_codes(kb: KnowledgeBase, ident: str, cameo: str) -> None:
    assert kb.by_id[ident].cameo == cameo

"""The extension grounds (§ 27, stk. 1) and their words, as they read in each period of the
law; the rule sets in ``rule_sets`` pick their table, ``ground_on`` picks by date."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ground:
    """One § 27 extension ground (or ``none``), with words a service user can follow."""

    code: str
    needs_medical_evidence: bool
    max_weeks: int | None
    label_en: str
    label_da: str
    plain_en: str
    plain_da: str

    # The one source of a ground's words (issue 16): pages, the API, the export and the
    # timeline all read them here, through ground_on's dated texts.
    def label_in(self, language: str | None) -> str:
        """The short name in ``language`` (a language code; Danish unless English)."""
        return self.label_da if (language or "da").startswith("da") else self.label_en

    def plain_in(self, language: str | None) -> str:
        """The plain explanation in ``language``."""
        return self.plain_da if (language or "da").startswith("da") else self.plain_en


# DOMAIN.md, "The seven extension grounds (§ 27, stk. 1)". Fields in Ground's order:
# code, needs_medical_evidence, max_weeks, labels, plain words. The plain words are shown
# to the service user, so they explain the law without sounding like a threat.
GROUNDS_2014 = {
    ground.code: ground
    for ground in (
        Ground(
            "p27_1", False, None,
            "Vocational rehabilitation is expected", "Revalidering forventes",
            "It is likely that you will start vocational rehabilitation (for example a "
            "company placement) that can lead you back to ordinary work. Your sickness "
            "benefit continues until it starts.",
            "Det er sandsynligt, at du starter revalidering (for eksempel en "
            "virksomhedspraktik), som kan føre dig tilbage til almindeligt arbejde. Dine "
            "sygedagpenge fortsætter, indtil den starter.",
        ),
        Ground(
            "p27_2", False, 69,
            "Clarifying your ability to work", "Afklaring af din arbejdsevne",
            "A company placement or other activities are needed to find out how much you "
            "can work. Your sickness benefit can continue for up to 69 weeks from your "
            "reassessment date.",
            "Der er brug for en virksomhedspraktik eller andre tilbud for at afklare, hvor "
            "meget du kan arbejde. Dine sygedagpenge kan fortsætte i op til 69 uger fra dit "
            "revurderingstidspunkt.",
        ),
        Ground(
            "p27_3", True, 134,
            "Medical treatment", "Lægelig behandling",
            "You are in or waiting for treatment, and a doctor thinks you can be back at "
            "work within 134 weeks of your reassessment date.",
            "Du er i behandling eller venter på behandling, og en læge vurderer, at du kan "
            "vende tilbage til arbejdet inden for 134 uger fra dit revurderingstidspunkt.",
        ),
        Ground(
            "p27_4", False, None,
            "Your case goes to the rehabilitation team", "Din sag skal i rehabiliteringsteamet",
            "Your case will be discussed by the rehabilitation team, which can recommend a "
            "resource programme, a flex-job or disability pension. Your sickness benefit "
            "continues until a decision is made.",
            "Din sag skal drøftes i rehabiliteringsteamet, som kan anbefale et "
            "ressourceforløb, fleksjob eller førtidspension. Dine sygedagpenge fortsætter, "
            "indtil der er truffet en afgørelse.",
        ),
        Ground(
            "p27_5", True, None,
            "Life-threatening, serious illness", "Livstruende, alvorlig sygdom",
            "A doctor has found that you have a life-threatening, serious illness. Your "
            "sickness benefit continues without a fixed end date, but your case is still "
            "reviewed from time to time.",
            "En læge har vurderet, at du har en livstruende, alvorlig sygdom. Dine "
            "sygedagpenge fortsætter uden en fast slutdato, men din sag bliver stadig fulgt "
            "op.",
        ),
        Ground(
            "p27_6", False, None,
            "Work-injury claim", "Arbejdsskadesag",
            "A claim for compensation for an injury at work has been opened. Your sickness "
            "benefit continues until the claim is decided.",
            "Der er rejst en sag om erstatning for en arbejdsskade. Dine sygedagpenge "
            "fortsætter, indtil der er truffet afgørelse i sagen.",
        ),
        Ground(
            "p27_7", False, None,
            "Disability pension applied for", "Ansøgning om førtidspension",
            "Your application for disability pension has been received. Your sickness "
            "benefit continues until the pension is decided.",
            "Din ansøgning om førtidspension er modtaget. Dine sygedagpenge fortsætter, "
            "indtil der er truffet afgørelse om pensionen.",
        ),
        Ground(
            "none", False, None,
            "None of the seven grounds applies", "Ingen af de syv muligheder passer",
            "None of the seven grounds fits your situation. If you still cannot work, you "
            "move to a job clarification programme (jobafklaringsforløb) the day after your "
            "reassessment date. It is paid as ressourceforløbsydelse, which is lower than "
            "sickness benefit.",
            "Ingen af de syv muligheder passer på din situation. Hvis du stadig ikke kan "
            "arbejde, overgår du til et jobafklaringsforløb dagen efter dit "
            "revurderingstidspunkt. Her får du ressourceforløbsydelse, som er lavere end "
            "sygedagpenge.",
        ),
    )
}


# The texts of p27_1 and p27_4 after lov nr. 1750 af 29.12.2025 (L 66, 2025-26), which
# abolished revalidering and ressourceforløb "for nye borgere fra lovens ikrafttrædelse"
# and replaced the rehabilitation team by "en samlet beskrivelse af borgerens forudsætninger
# og obligatorisk sundhedsfaglig rådgivning fra sundhedskoordinator" (lovguiden.dk summary
# of L 66; star.dk: in force 2026-02-01 and 2026-07-01; law14.md § 4). Chosen by the
# decision's date. The statutory wording of § 27, stk. 1, nr. 1 and 4 after the law was
# NOT found: these are paraphrases (docs/decisions.md).
GROUNDS_2026 = {
    **GROUNDS_2014,
    "p27_1": Ground(
        "p27_1", False, None,
        "Vocational rehabilitation granted before 1 February 2026",
        "Revalidering bevilget før 1. februar 2026",
        "Vocational rehabilitation (revalidering) is no longer granted to new citizens. "
        "This ground only applies if you were already granted vocational rehabilitation "
        "before 1 February 2026 and it is likely to lead you back to ordinary work. Your "
        "sickness benefit then continues until it starts.",
        "Revalidering bliver ikke længere bevilget til nye borgere. Denne mulighed gælder "
        "kun, hvis du allerede havde fået bevilget revalidering før 1. februar 2026, og den "
        "sandsynligvis kan føre dig tilbage til almindeligt arbejde. Så fortsætter dine "
        "sygedagpenge, indtil den starter.",
    ),
    "p27_4": Ground(
        "p27_4", False, None,
        "A flex-job or disability pension is being considered",
        "Fleksjob eller førtidspension skal vurderes",
        "The municipality is preparing a decision on whether you should have a flex-job "
        "or disability pension, with health advice from the health coordinator. Your case "
        "no longer goes to a rehabilitation team, and new resource programmes are no longer "
        "started. Your sickness benefit continues until the decision is made.",
        "Kommunen forbereder en afgørelse om, hvorvidt du skal have fleksjob eller "
        "førtidspension, med sundhedsfaglig rådgivning fra sundhedskoordinatoren. Din sag "
        "skal ikke længere forelægges et rehabiliteringsteam, og der startes ikke længere "
        "nye ressourceforløb. Dine sygedagpenge fortsætter, indtil der er truffet en "
        "afgørelse.",
    ),
}


GROUNDS_2027 = {
    **GROUNDS_2026,
    "none": Ground(
        "none", False, None,
        "None of the seven grounds applies", "Ingen af de syv muligheder passer",
        "None of the seven grounds fits your situation. If you still cannot work, you stay "
        "on sickness benefit in the same case, with the same employment consultant, but at "
        "a lower rate from the day after your reassessment date. Job clarification "
        "programmes no longer exist.",
        "Ingen af de syv muligheder passer på din situation. Hvis du stadig ikke kan "
        "arbejde, fortsætter du på sygedagpenge i samme sag og med den samme jobkonsulent, "
        "men med en lavere sats fra dagen efter dit revurderingstidspunkt. "
        "Jobafklaringsforløb findes ikke længere.",
    ),
}

"""The default trust-building checklist of DOMAIN.md, version 1, in Danish and English:
(phase, Danish, English). The data migration installs it; the services reinstall it if the
table was ever emptied (a flushed database). Never edit a published default: managers'
changes are new versions (ChecklistTemplate), and a changed default is a new constant."""

DEFAULT_ITEMS = [
    ("before",
     "De fagprofessionelle har sammen aftalt mødets formål.",
     "The professionals have agreed the meeting's purpose together."),
    ("before",
     "Borgeren ved, hvem der deltager og hvorfor, og at hun eller han må tage en bisidder med.",
     "The service user knows who will attend and why, and that they may bring a companion."),
    ("before",
     "Care manageren har spurgt, hvilke helbredsoplysninger borgeren er villig til at få "
     "drøftet.",
     "The care manager has asked what health information the service user is willing to have "
     "discussed."),
    ("during",
     "Jobkonsulenten forklarer revurderingstidspunktet og forlængelsesgrundene som den måde, "
     "loven virker på - ikke som en trussel.",
     "The employment consultant explains the reassessment time and the extension grounds as "
     "how the law works, not as a threat."),
    ("during",
     "Hver fagprofessionel siger, hvad de kan og ikke kan bestemme.",
     "Each professional says what they can and cannot decide."),
    ("during",
     "Borgerens egne mål og ønskede tempo skrives i planen med borgerens egne ord.",
     "The service user's own goals and preferred pace are written in the plan in their words."),
    ("during",
     "Helbredsoplysninger drøftes kun, hvis borgeren selv tager dem op eller har givet "
     "samtykke.",
     "Health details are discussed only if the service user raises them or has consented."),
    ("after",
     "Borgeren har planen på skrift og ved, hvornår næste møde er, og hvem hun eller han kan "
     "kontakte.",
     "The service user has the plan in writing, knows the next meeting and whom to contact."),
    ("after",
     "De fagprofessionelle har evalueret mødet sammen.",
     "The professionals have debriefed together."),
    ("after",
     "Borgeren er blevet inviteret til at give anonym feedback.",
     "The service user has been invited to give anonymous feedback."),
]

# Issue 21: the shared supervision of the professionals of both organisations (no service
# user, no case content). From the research behind the product (DOMAIN.md, Why trust): trust
# between the professionals grew from understanding each other's premises for work, and the
# intervention paired Gittell's relational coordination with inter-organisational
# supervision. (phase, Danish, English), like DEFAULT_ITEMS.
SUPERVISION_ITEMS = [
    ("before",
     "Vi har aftalt, hvilket nyligt forløb vi reflekterer over - uden navne eller andet, der "
     "kan identificere borgeren.",
     "We have agreed which recent case to reflect on - without names or anything that could "
     "identify the service user."),
    ("during",
     "Hver side har fortalt om sine præmisser for arbejdet: lovgivning, opgaver og rammer.",
     "Each side has described its premises for work: the law, its tasks and its constraints."),
    ("during",
     "Vi har gennemgået, hvordan beslutninger træffes hos hver af os, og hvem der træffer dem.",
     "We have gone through how decisions are made on each side, and who makes them."),
    ("during",
     "Vi har reflekteret over et nyligt forløb uden navne: hvad gik godt, og hvad var svært "
     "mellem os.",
     "We have reflected on a recent case without names: what went well, and what was hard "
     "between us."),
    ("after",
     "Vi har aftalt, hvad hver af os gør anderledes, og hvornår vi mødes næste gang.",
     "We have agreed what each of us will do differently, and when we meet next."),
]

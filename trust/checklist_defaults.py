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
# The same ten items as the service user reads them (issue 17): written to them, not about
# them, as questions they can answer for themselves; (Danish, English), keyed by the default
# item's English text, which every meeting's copy keeps. An item a manager wrote for their
# organisation has no entry and is shown in the manager's own words.
TO_THE_SERVICE_USER = {
    DEFAULT_ITEMS[0][2]: (
        "Har din care manager og din jobkonsulent sammen aftalt, hvad mødet skal handle om?",
        "Have your care manager and your employment consultant agreed together what the "
        "meeting is for?"),
    DEFAULT_ITEMS[1][2]: (
        "Ved du, hvem der kommer til mødet og hvorfor, og at du må tage en bisidder med?",
        "Do you know who will be at the meeting and why, and that you may bring someone with "
        "you?"),
    DEFAULT_ITEMS[2][2]: (
        "Har din care manager spurgt dig, hvilke oplysninger om dit helbred du vil have talt "
        "om?",
        "Has your care manager asked you which health information you are willing to talk "
        "about?"),
    DEFAULT_ITEMS[3][2]: (
        "Har din jobkonsulent forklaret, hvornår din sag skal revurderes, og hvornår "
        "sygedagpengene kan forlænges – som den måde, loven virker på, ikke som en trussel?",
        "Has your employment consultant explained when your case is reassessed and when sickness "
        "benefit can be extended – as how the law works, not as a threat?"),
    DEFAULT_ITEMS[4][2]: (
        "Har hver af de fagprofessionelle sagt, hvad de kan og ikke kan bestemme?",
        "Has each professional told you what they can and cannot decide?"),
    DEFAULT_ITEMS[5][2]: (
        "Fik du sagt, hvad der betyder noget for dig? Står dine mål og dit tempo i planen med "
        "dine egne ord?",
        "Did you get to say what matters to you? Are your goals and your pace written in the "
        "plan in your own words?"),
    DEFAULT_ITEMS[6][2]: (
        "Blev dit helbred kun talt om, hvis du selv tog det op eller havde givet lov?",
        "Was your health talked about only if you brought it up yourself or had agreed to it?"),
    DEFAULT_ITEMS[7][2]: (
        "Har du planen på skrift, og ved du, hvornår næste møde er, og hvem du kan kontakte?",
        "Do you have the plan in writing, and do you know when the next meeting is and whom to "
        "contact?"),
    DEFAULT_ITEMS[8][2]: (
        "Har din care manager og din jobkonsulent talt mødet igennem sammen bagefter?",
        "Have your care manager and your employment consultant talked the meeting over together "
        "afterwards?"),
    DEFAULT_ITEMS[9][2]: (
        "Er du blevet spurgt, om du vil fortælle anonymt, hvordan mødet var for dig?",
        "Have you been asked whether you would like to say anonymously how the meeting was for "
        "you?"),
}

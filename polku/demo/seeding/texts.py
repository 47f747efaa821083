"""Fixed texts of the synthetic records (Finnish, as a worker would write them)."""

SENDERS = (
    ("Kela", "api"), ("TE-palvelut", "api"), ("Terveyskeskus", "phone"), ("Poliisi", "phone"),
    ("Vuokranantaja", "form"), ("Päihdepalvelut", "phone"),
)  # fmt: skip
CONTACT_TEXTS = (
    "Toimeentulotuen asiakkaalla vuokrarästejä ja vaikeuksia hoitaa asioitaan.",
    "Asiakas on ollut pitkään työttömänä ja kertoo jaksamisen vaikeuksista.",
    "Asumiseen liittyviä huolia; häätöuhka.",
    "Arjen hallinta ja raha-asiat vaikeita, asiakas toivoo tukea.",
)
NEEDS = (
    "Tukea arjen hallintaan ja raha-asioihin.",
    "Asumisen tuki ja velkaneuvonta.",
    "Tukea työllistymiseen ja sosiaaliseen kuntoutukseen.",
    "Päihteiden käytön vähentäminen ja arjen rytmi.",
)
SUMMARIES = (
    "Vuokra- ja maksurästejä, arjen rytmi hukassa.",
    "Pitkäaikaistyöttömyys, yksinäisyys ja taloudellisia vaikeuksia.",
    "Asumisen ongelmat ja päihteiden käyttö.",
)
SERVICE_NEEDS = (
    "Sosiaalinen kuntoutus: ryhmätoiminta ja kotiohjaus.",
    "Kuntouttava työtoiminta ja aktivointisuunnitelma.",
    "Sosiaaliohjaus ja talousneuvonta.",
)
PLAN_GOALS = (
    ("Laskut maksetaan ajallaan", "client", "Hoidan laskut itse"),
    ("Säännöllinen päivärytmi", "together", "Herään aamulla ja käyn ryhmässä"),
    ("Asuminen turvataan", "worker", ""),
    ("Työkokeilu alkaa", "client", "Haluan päästä töihin"),
)
SERVICE_GOALS = (
    ("Arjen taidot vahvistuvat", "Osaan hoitaa kotityöt"),
    ("Ryhmässä käynti", "Käyn ryhmässä joka viikko"),
)
CLOSED_REASON = "Palvelutarpeen arviointi tehty; asiakkuus jatkuu suunnitelman mukaan."
ENDED_REASON = "Sosiaalihuollon tarvetta ei enää ole."
HOME_VISITS = ("Laskujen läpikäynti.", "Lomakkeen täyttö yhdessä.", "Siivous ja viikkorytmin suunnittelu.")

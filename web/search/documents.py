"""The collection the page indexes: short notes on milestones, each with a category, a year and tags.

Written for this page. The metadata travels into the index with each vector (``title``, ``text``, ``category``,
``year``, ``tags``), so search results show it and filters can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str
    category: str
    year: int
    tags: tuple[str, ...]

    def metadata(self) -> dict[str, Any]:
        """What the index stores beside the vector (a list of strings for the tags, as the wire allows)."""
        return {
            "title": self.title,
            "text": self.text,
            "category": self.category,
            "year": self.year,
            "tags": list(self.tags),
        }

    def searchable(self) -> str:
        """The text the vector is made from: the title counts twice."""
        return f"{self.title}. {self.title}. {self.text} {' '.join(self.tags)}"


def _d(id: str, category: str, year: int, title: str, text: str, *tags: str) -> Document:
    return Document(id, title, text, category, year, tags)


DOCUMENTS: tuple[Document, ...] = (
    # --- space
    _d("sputnik", "space", 1957, "Sputnik 1 reaches orbit",
       "The Soviet Union launched the first artificial satellite, a polished sphere whose radio beeps could be heard "
       "around the world.", "satellite", "orbit", "soviet"),
    _d("gagarin", "space", 1961, "Yuri Gagarin orbits the Earth",
       "Vostok 1 carried the first human into space for a single orbit lasting 108 minutes.",
       "astronaut", "orbit", "soviet"),
    _d("apollo-11", "space", 1969, "Apollo 11 lands on the Moon",
       "Neil Armstrong and Buzz Aldrin walked on the lunar surface while Michael Collins circled above; the moon "
       "landing was watched live by millions.", "moon", "nasa", "astronaut"),
    _d("voyager", "space", 1977, "Voyager probes leave for the outer planets",
       "Two spacecraft flew past Jupiter and Saturn, and Voyager 1 later crossed into interstellar space.",
       "probe", "planets", "nasa"),
    _d("hubble", "space", 1990, "Hubble Space Telescope is launched",
       "A telescope above the atmosphere gave sharp images of distant galaxies once a flaw in its mirror was "
       "corrected.", "telescope", "galaxies", "nasa"),
    _d("iss", "space", 1998, "International Space Station assembly begins",
       "The first modules were joined in orbit; crews have lived aboard the station without a break since 2000.",
       "station", "orbit", "astronaut"),
    _d("mars-rover", "space", 2012, "Curiosity rover lands on Mars",
       "A car-sized rover lowered by a sky crane began studying rocks in Gale crater for signs of ancient water.",
       "mars", "rover", "nasa"),
    _d("webb", "space", 2021, "James Webb Space Telescope launches",
       "An infrared telescope with a gold-coated segmented mirror unfolded far from Earth to look at the first "
       "galaxies.", "telescope", "infrared", "galaxies"),
    _d("exoplanet", "space", 1995, "First planet found around a sun-like star",
       "Astronomers detected 51 Pegasi b from the wobble it causes in its star, opening the study of exoplanets.",
       "exoplanet", "planets", "astronomy"),
    # --- science
    _d("gravity", "science", 1687, "Newton publishes the laws of motion and gravity",
       "The Principia explained falling apples and orbiting planets with the same law of universal gravitation.",
       "physics", "gravity", "planets"),
    _d("periodic-table", "science", 1869, "Mendeleev arranges the periodic table",
       "Ordering the chemical elements by atomic weight left gaps that predicted elements not yet discovered.",
       "chemistry", "elements"),
    _d("relativity", "science", 1905, "Einstein's special relativity",
       "Space and time turned out to depend on the observer, and mass and energy became interchangeable.",
       "physics", "energy", "light"),
    _d("dna", "science", 1953, "The double helix structure of DNA",
       "Watson and Crick, building on Rosalind Franklin's X-ray images, described how genes are copied.",
       "genetics", "biology", "molecules"),
    _d("radioactivity", "science", 1898, "Marie Curie discovers polonium and radium",
       "Studying radioactivity, the Curies isolated two new elements and changed ideas about the atom.",
       "chemistry", "elements", "physics"),
    _d("higgs", "science", 2012, "The Higgs boson is observed",
       "Collisions at the Large Hadron Collider revealed the particle linked to how others acquire mass.",
       "physics", "particles", "collider"),
    _d("gravitational-waves", "science", 2015, "Gravitational waves detected",
       "Two merging black holes shook spacetime, and the LIGO detectors measured the ripple a century after "
       "Einstein predicted it.", "physics", "gravity", "black holes"),
    _d("evolution", "science", 1859, "Darwin's On the Origin of Species",
       "Natural selection explained how species change over generations, drawing on finches and fossils.",
       "biology", "evolution"),
    # --- medicine
    _d("smallpox-vaccine", "medicine", 1796, "Jenner's smallpox vaccine",
       "Edward Jenner protected a boy from smallpox with material from cowpox, the first vaccine.",
       "vaccine", "smallpox", "immunity"),
    _d("germ-theory", "medicine", 1861, "Pasteur and the germ theory of disease",
       "Louis Pasteur showed that microbes cause fermentation and spoilage, pointing to germs behind illness.",
       "microbes", "bacteria", "disease"),
    _d("anesthesia", "medicine", 1846, "Ether anesthesia in surgery",
       "A public demonstration in Boston showed that a patient could sleep through an operation without pain.",
       "surgery", "pain"),
    _d("x-rays", "medicine", 1895, "Röntgen discovers X-rays",
       "Invisible rays passing through flesh but not bone gave doctors their first look inside the body.",
       "imaging", "physics", "bones"),
    _d("penicillin", "medicine", 1928, "Fleming notices penicillin",
       "A mould that killed bacteria on a forgotten dish became the first antibiotic used against infections.",
       "antibiotic", "bacteria", "mould"),
    _d("insulin", "medicine", 1922, "Insulin treats diabetes",
       "Banting and Best extracted insulin, turning diabetes from a fatal disease into a manageable one.",
       "diabetes", "hormone"),
    _d("polio-vaccine", "medicine", 1955, "Salk's polio vaccine",
       "A vaccine made from inactivated virus was declared safe after trials with over a million children.",
       "vaccine", "polio", "virus"),
    _d("genome", "medicine", 2003, "The human genome is sequenced",
       "An international project read the three billion letters of human DNA.", "genetics", "dna", "genes"),
    # --- computing
    _d("analytical-engine", "computing", 1843, "Ada Lovelace's notes on the Analytical Engine",
       "Her notes described a program for Babbage's mechanical computer, often called the first algorithm.",
       "algorithm", "programming"),
    _d("turing", "computing", 1936, "Turing describes a universal machine",
       "Alan Turing's paper on computable numbers defined what any computer program can and cannot do.",
       "theory", "algorithm"),
    _d("transistor", "computing", 1947, "The transistor is invented at Bell Labs",
       "A tiny semiconductor switch replaced vacuum tubes and made modern electronics possible.",
       "electronics", "semiconductor"),
    _d("arpanet", "computing", 1969, "ARPANET sends its first message",
       "Two university computers exchanged the letters 'lo' before the link crashed; the network grew into the "
       "internet.", "internet", "network"),
    _d("microprocessor", "computing", 1971, "The first microprocessor",
       "The Intel 4004 put a whole processor on one chip, first used in a calculator.",
       "chip", "semiconductor", "electronics"),
    _d("www", "computing", 1991, "The World Wide Web goes public",
       "Tim Berners-Lee's web browser and server linked pages with hypertext over the internet.",
       "web", "browser", "internet"),
    _d("python-language", "computing", 1991, "Python 0.9 is released",
       "Guido van Rossum published a readable programming language named after a comedy troupe.",
       "programming", "language"),
    _d("smartphone", "computing", 2007, "The iPhone brings touchscreen smartphones",
       "A phone with a multi-touch screen and a web browser put the internet in a pocket.",
       "phone", "touchscreen", "browser"),
    _d("webassembly", "computing", 2017, "WebAssembly ships in every major browser",
       "A compact bytecode let browsers run compiled languages such as C and Rust, and later Python, at near "
       "native speed.", "browser", "web", "programming"),
    # --- exploration
    _d("magellan", "exploration", 1522, "The first voyage around the world",
       "Magellan's expedition returned to Spain after three years at sea, proving the globe could be sailed "
       "round.", "ocean", "ships", "navigation"),
    _d("cook", "exploration", 1770, "Cook charts the east coast of Australia",
       "The Endeavour's crew mapped the coastline and collected thousands of plant specimens.",
       "ocean", "maps", "ships"),
    _d("south-pole", "exploration", 1911, "Amundsen reaches the South Pole",
       "A Norwegian team with dog sledges reached the pole five weeks before Scott's party.",
       "antarctica", "ice", "pole"),
    _d("everest", "exploration", 1953, "First ascent of Mount Everest",
       "Tenzing Norgay and Edmund Hillary stood on the highest summit on Earth.",
       "mountain", "climbing", "himalaya"),
    _d("mariana-trench", "exploration", 1960, "Trieste dives to the deepest ocean",
       "A bathyscaphe carried two men nearly eleven kilometres down into the Mariana Trench.",
       "ocean", "deep sea", "submarine"),
    _d("lewis-clark", "exploration", 1805, "Lewis and Clark reach the Pacific",
       "The expedition crossed the North American continent by river and on foot, guided in part by Sacagawea.",
       "rivers", "maps", "america"),
    _d("kon-tiki", "exploration", 1947, "The Kon-Tiki raft crosses the Pacific",
       "Thor Heyerdahl's balsa raft drifted 7,000 kilometres from Peru to Polynesia.",
       "ocean", "raft", "pacific"),
    # --- arts
    _d("gutenberg", "arts", 1455, "Gutenberg prints the Bible",
       "Movable metal type made books cheaper and spread reading across Europe.",
       "printing", "books"),
    _d("mona-lisa", "arts", 1503, "Leonardo begins the Mona Lisa",
       "A portrait with a famous smile and soft, smoky shading now hangs in the Louvre.",
       "painting", "renaissance"),
    _d("hamlet", "arts", 1600, "Shakespeare writes Hamlet",
       "A prince's revenge tragedy became one of the most performed plays in the theatre.",
       "theatre", "plays", "literature"),
    _d("beethoven-ninth", "arts", 1824, "Beethoven's Ninth Symphony premieres",
       "The symphony ended with a choir singing the Ode to Joy, written when its composer was deaf.",
       "music", "symphony", "orchestra"),
    _d("photography", "arts", 1839, "The daguerreotype makes photography public",
       "Fixed images on silvered plates let people keep exact portraits for the first time.",
       "photography", "camera"),
    _d("cinema", "arts", 1895, "The Lumière brothers' first film screening",
       "A paying audience in Paris watched short moving pictures projected on a screen.",
       "film", "cinema", "camera"),
    _d("jazz-record", "arts", 1917, "The first jazz record",
       "A band from New Orleans recorded jazz on a disc that sold widely and spread the music.",
       "music", "jazz", "records"),
    _d("harry-potter", "arts", 1997, "The first Harry Potter novel",
       "A story of a boy wizard at a school of magic began a series read by children around the world.",
       "books", "novel", "literature"),
    # --- sports
    _d("olympics", "sports", 1896, "The first modern Olympic Games",
       "Athletes from fourteen nations competed in Athens, reviving the ancient games.",
       "olympics", "athletics"),
    _d("marathon-record", "sports", 2019, "A marathon run in under two hours",
       "Eliud Kipchoge covered the marathon distance in Vienna in 1:59:40, with pacers in an unofficial race.",
       "running", "marathon", "athletics"),
    _d("world-cup", "sports", 1930, "The first football World Cup",
       "Uruguay hosted and won the first World Cup, beating Argentina in the final.",
       "football", "soccer", "tournament"),
    _d("four-minute-mile", "sports", 1954, "Bannister runs the four-minute mile",
       "Roger Bannister broke a barrier many thought impossible, running a mile in 3:59.4.",
       "running", "athletics", "record"),
    _d("basketball", "sports", 1891, "Basketball is invented",
       "James Naismith nailed peach baskets to a gym balcony to give students an indoor winter game.",
       "basketball", "games"),
    _d("tour-de-france", "sports", 1903, "The first Tour de France",
       "Cyclists raced around France over six long stages, a race created to sell a newspaper.",
       "cycling", "race"),
    _d("wimbledon", "sports", 1877, "The first Wimbledon tennis championship",
       "Twenty-two players competed on grass courts at a croquet club in London.",
       "tennis", "tournament"),
    # --- food
    _d("canning", "food", 1810, "Food preserved in sealed cans",
       "Heating food in sealed containers kept it edible for months, first for armies and sailors.",
       "preserving", "cans"),
    _d("pasteurization", "food", 1864, "Pasteurization keeps milk and wine safe",
       "Gently heating liquids killed the microbes that spoil them without boiling them.",
       "milk", "microbes", "preserving"),
    _d("tea-bag", "food", 1908, "Tea arrives in small silk bags",
       "Samples sent in silk pouches were brewed whole by customers, and the tea bag caught on.",
       "tea", "drinks"),
    _d("microwave", "food", 1945, "The microwave oven is discovered",
       "A radar engineer noticed a chocolate bar melting in his pocket near a magnetron and patented cooking with "
       "microwaves.", "cooking", "kitchen", "radar"),
    _d("instant-noodles", "food", 1958, "Instant noodles are invented",
       "Momofuku Ando fried cooked noodles so that hot water alone would make a meal in minutes.",
       "noodles", "cooking"),
    _d("frozen-food", "food", 1924, "Quick freezing of food",
       "Clarence Birdseye froze fish fast, as he had seen done in the Arctic, keeping taste and texture.",
       "freezing", "preserving", "fish"),
    _d("espresso", "food", 1901, "The espresso machine is patented",
       "Steam pressure forced water through ground coffee, making a cup quickly to order.",
       "coffee", "drinks"),
)  # fmt: skip

CATEGORIES: tuple[str, ...] = tuple(sorted({document.category for document in DOCUMENTS}))
BY_ID: dict[str, Document] = {document.id: document for document in DOCUMENTS}

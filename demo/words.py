"""Word lists and weighted drawing shared by every app's demo step: names, languages, cities, places.

The names come in groups with their own weight and the languages their speakers often add, so a
network reads like the faculty of many US academic medical centres.
"""
import bisect
import functools
import random
import unicodedata
from collections.abc import Iterable


def words(text: str) -> list[str]:
    """A list from whitespace-separated words, so long lists read as prose."""
    return text.split()


# (weight, first names, family names, extra languages with their chances)
NAME_GROUPS = [
    (42, words("""Emily Sarah Jessica Rachel Laura Megan Katherine Elizabeth Anna Claire Rebecca Hannah Lauren
        Allison Caroline Margaret Julia Abigail Molly Natalie Victoria Meredith Susan Karen Linda Patricia Catherine
        Jennifer Amanda Heather Kristen Erin Kelly Michael David James John Robert William Daniel Matthew Andrew
        Christopher Thomas Benjamin Jonathan Samuel Nathan Patrick Timothy Peter Stephen Mark Paul Richard Eric
        Brian Kevin Adam Jacob Ethan Alexander Gregory Charles Joseph Henry Owen Sean Colin Noah Aaron Miriam Leah
        Ruth Naomi Ezra Eli Ingrid Astrid Lars Anders Greta Katarzyna Piotr Tomasz Agnieszka Marco Giulia
        Francesca Luca Sofia Elena Nikolai Irina Dmitri Olga Anya Sven Bridget Siobhan Fiona Declan"""),
     words("""Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Thompson
        White Harris Clark Lewis Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell
        Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper
        Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson Brooks Bennett Gray Hughes Price Sanders Myers
        Long Ross Foster Powell Perry Russell Sullivan Bell Butler Henderson Barnes Fisher Hayes Graham Wallace
        Gibson Ellis Hamilton Marshall Owens Kennedy Wells Hoffman Schmidt Weber Becker Schneider Meyer Wagner Klein
        Novak Kowalski Nowak Rossi Russo Romano Bianchi Esposito Ivanov Petrov Volkov Lindqvist Larsen Hansen
        Nielsen Olsen Berg Cohen Levy Friedman Goldberg Katz Rosen Shapiro Weiss Kaplan O'Brien O'Connor Gallagher
        Doyle Brennan Walsh Byrne McCarthy Fitzgerald MacDonald Fraser Whitaker Hollis Pruitt Langley Ashford
        Whitmore Caldwell Thornton"""),
     (("Spanish", 0.07), ("French", 0.03), ("German", 0.01), ("Italian", 0.01), ("Russian", 0.01))),
    (8, words("""Jasmine Aaliyah Imani Kendra Tamika Ebony Monique Tiana Keisha Danielle Alicia Crystal Brittany
        Andre Darnell Malik Jamal Terrence Marcus Derrick Cedric Reginald Jerome Dwayne Isaiah Elijah Xavier"""),
     words("""Washington Jefferson Banks Freeman Booker Mosley Dorsey Gaines Ware Glover Holloway Tate Merriweather
        Jenkins Coleman Simmons Pierce Bryant Hawkins Robinson Jackson Harris Grant Rhodes Battle"""),
     (("Spanish", 0.04), ("French", 0.02))),
    (14, words("""María José Carmen Ana Lucía Isabel Gabriela Daniela Valeria Mariana Alejandra Paula Camila Adriana
        Verónica Rosa Elena Patricia Luis Carlos Juan Javier Miguel Alejandro Diego Jorge Ricardo Fernando Eduardo
        Andrés Rafael Sergio Manuel Antonio Pablo Mateo Santiago Julián Tomás Marisol Yesenia"""),
     words("""García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores Rivera Gómez
        Díaz Reyes Morales Cruz Ortiz Gutiérrez Chávez Ramos Ruiz Álvarez Mendoza Castillo Jiménez Moreno Romero
        Herrera Medina Aguilar Vargas Castro Guerrero Delgado Vega Soto Navarro Salazar Fuentes Cabrera Espinoza
        Ibarra Serrano Montoya"""),
     (("Spanish", 0.6), ("Portuguese", 0.03))),
    (12, words("""Priya Anjali Kavya Neha Pooja Divya Shreya Aditi Meera Lakshmi Sunita Ritu Ananya Nisha Deepa Swati
        Rajesh Arjun Vikram Rahul Sanjay Amit Rohan Karthik Anil Suresh Ravi Nikhil Aditya Varun Sameer Imran Farah
        Ayesha Zainab Tariq"""),
     words("""Patel Shah Sharma Gupta Singh Kumar Reddy Rao Iyer Nair Menon Desai Mehta Joshi Kapoor Malhotra Chopra
        Bhatt Agarwal Krishnan Subramanian Venkatesh Chatterjee Banerjee Mukherjee Das Bose Sen Khan Qureshi Hussain
        Siddiqui Ahmed Chaudhry Pillai"""),
     (("Hindi", 0.35), ("Gujarati", 0.06), ("Tamil", 0.06), ("Bengali", 0.05), ("Urdu", 0.05))),
    (8, words("""Wei Jing Li Mei Xin Yan Hui Ying Lin Xiao Jun Hao Ming Lei Yu Fang Ting Qing Zhen Jie Yi Yun Grace
        Michelle Jennifer Eric Kevin Alice Vivian Jason Andrew"""),
     words("""Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Zheng Liang Xie Tang
        Han Feng Deng Cao Peng Zeng Lu Cheng Yuan Tan Chan Wong Lee Leung Ng"""),
     (("Mandarin", 0.5), ("Cantonese", 0.12))),
    (3, words("""Ji-woo Min-jun Seo-yeon Ji-hoon Hye-jin Eun-ji Soo-jin Jae-won Sung-min Hyun-woo Yuna Minji Daniel
        Grace Esther Joseph"""),
     words("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Oh Seo Kwon Hwang Song Ahn"),
     (("Korean", 0.45),)),
    (3, words("Linh Thao Mai Huong Lan Trang Ngoc Anh Minh Tuan Duc Hieu Long Khanh Bao Quang Vy Phuong"),
     words("Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly"),
     (("Vietnamese", 0.5),)),
    (5, words("""Adaeze Chioma Ngozi Oluwaseun Folasade Abimbola Funmilayo Nneka Amara Efua Akosua Ama Kwame Kofi Chidi
        Emeka Obinna Tunde Olumide Yaw Kwabena Ifeoma Babajide"""),
     words("""Okafor Okonkwo Adeyemi Adebayo Eze Nwosu Obi Okeke Oyelaran Balogun Olaniyan Mensah Asante Owusu Boateng
        Appiah Osei Danso Achebe Nwachukwu"""),
     (("Yoruba", 0.15), ("Igbo", 0.12), ("Twi", 0.08), ("French", 0.06))),
    (5, words("Omar Ahmad Yusuf Karim Hassan Ali Samir Rami Nadia Layla Yasmin Leila Rania Dina Hala Mariam Noor Sara "
               "Khalil Tarek"),
     words("""Haddad Khoury Nasser Hamdan Saleh Mansour Aziz Farah Hassan Rahman Abboud Karam Saad Issa Darwish Bishara
        Yousef Sabbagh"""),
     (("Arabic", 0.5), ("French", 0.1))),
]
MIDDLE_INITIALS = "ABCDEFGHJKLMNPRSTVW"

# (city, state, time zone)
CITIES = [
    ("Boston", "MA", "America/New_York"), ("Worcester", "MA", "America/New_York"),
    ("Providence", "RI", "America/New_York"), ("Hartford", "CT", "America/New_York"),
    ("New Haven", "CT", "America/New_York"), ("Burlington", "VT", "America/New_York"),
    ("Portland", "ME", "America/New_York"), ("Manchester", "NH", "America/New_York"),
    ("Albany", "NY", "America/New_York"), ("Rochester", "NY", "America/New_York"),
    ("Buffalo", "NY", "America/New_York"), ("Syracuse", "NY", "America/New_York"),
    ("New York", "NY", "America/New_York"), ("Newark", "NJ", "America/New_York"),
    ("Philadelphia", "PA", "America/New_York"), ("Pittsburgh", "PA", "America/New_York"),
    ("Hershey", "PA", "America/New_York"), ("Baltimore", "MD", "America/New_York"),
    ("Wilmington", "DE", "America/New_York"), ("Washington", "DC", "America/New_York"),
    ("Richmond", "VA", "America/New_York"), ("Charlottesville", "VA", "America/New_York"),
    ("Norfolk", "VA", "America/New_York"), ("Morgantown", "WV", "America/New_York"),
    ("Durham", "NC", "America/New_York"), ("Chapel Hill", "NC", "America/New_York"),
    ("Charlotte", "NC", "America/New_York"), ("Winston-Salem", "NC", "America/New_York"),
    ("Charleston", "SC", "America/New_York"), ("Columbia", "SC", "America/New_York"),
    ("Atlanta", "GA", "America/New_York"), ("Augusta", "GA", "America/New_York"),
    ("Jacksonville", "FL", "America/New_York"), ("Gainesville", "FL", "America/New_York"),
    ("Miami", "FL", "America/New_York"), ("Tampa", "FL", "America/New_York"),
    ("Orlando", "FL", "America/New_York"), ("Cincinnati", "OH", "America/New_York"),
    ("Cleveland", "OH", "America/New_York"), ("Columbus", "OH", "America/New_York"),
    ("Toledo", "OH", "America/New_York"), ("Detroit", "MI", "America/Detroit"),
    ("Ann Arbor", "MI", "America/Detroit"), ("Grand Rapids", "MI", "America/Detroit"),
    ("Indianapolis", "IN", "America/Indiana/Indianapolis"), ("Louisville", "KY", "America/Kentucky/Louisville"),
    ("Lexington", "KY", "America/New_York"), ("Knoxville", "TN", "America/New_York"),
    ("Nashville", "TN", "America/Chicago"), ("Memphis", "TN", "America/Chicago"),
    ("Birmingham", "AL", "America/Chicago"), ("Mobile", "AL", "America/Chicago"),
    ("Jackson", "MS", "America/Chicago"), ("New Orleans", "LA", "America/Chicago"),
    ("Shreveport", "LA", "America/Chicago"), ("Little Rock", "AR", "America/Chicago"),
    ("Chicago", "IL", "America/Chicago"), ("Peoria", "IL", "America/Chicago"),
    ("Springfield", "IL", "America/Chicago"), ("Milwaukee", "WI", "America/Chicago"),
    ("Madison", "WI", "America/Chicago"), ("Minneapolis", "MN", "America/Chicago"),
    ("Rochester", "MN", "America/Chicago"), ("Iowa City", "IA", "America/Chicago"),
    ("Des Moines", "IA", "America/Chicago"), ("St. Louis", "MO", "America/Chicago"),
    ("Kansas City", "MO", "America/Chicago"), ("Columbia", "MO", "America/Chicago"),
    ("Omaha", "NE", "America/Chicago"), ("Lincoln", "NE", "America/Chicago"),
    ("Wichita", "KS", "America/Chicago"), ("Oklahoma City", "OK", "America/Chicago"),
    ("Tulsa", "OK", "America/Chicago"), ("Houston", "TX", "America/Chicago"),
    ("Dallas", "TX", "America/Chicago"), ("San Antonio", "TX", "America/Chicago"),
    ("Austin", "TX", "America/Chicago"), ("Galveston", "TX", "America/Chicago"),
    ("Lubbock", "TX", "America/Chicago"), ("Sioux Falls", "SD", "America/Chicago"),
    ("Fargo", "ND", "America/Chicago"), ("El Paso", "TX", "America/Denver"),
    ("Albuquerque", "NM", "America/Denver"), ("Denver", "CO", "America/Denver"),
    ("Aurora", "CO", "America/Denver"), ("Salt Lake City", "UT", "America/Denver"),
    ("Boise", "ID", "America/Boise"), ("Billings", "MT", "America/Denver"),
    ("Phoenix", "AZ", "America/Phoenix"), ("Tucson", "AZ", "America/Phoenix"),
    ("Las Vegas", "NV", "America/Los_Angeles"), ("Reno", "NV", "America/Los_Angeles"),
    ("Seattle", "WA", "America/Los_Angeles"), ("Spokane", "WA", "America/Los_Angeles"),
    ("Portland", "OR", "America/Los_Angeles"), ("Sacramento", "CA", "America/Los_Angeles"),
    ("San Francisco", "CA", "America/Los_Angeles"), ("Oakland", "CA", "America/Los_Angeles"),
    ("Los Angeles", "CA", "America/Los_Angeles"), ("San Diego", "CA", "America/Los_Angeles"),
    ("Irvine", "CA", "America/Los_Angeles"), ("Fresno", "CA", "America/Los_Angeles"),
    ("Anchorage", "AK", "America/Anchorage"), ("Honolulu", "HI", "Pacific/Honolulu"),
]

# Invented place names, so no generated institution is mistaken for a real one.
PLACES = words("""Lakeshore Riverbend Bayside Northfield Pinecrest Magnolia Bluegrass Tidewater Juniper Stonebridge
    Eastbrook Westhaven Southgate Northshore Clearwater Fairhaven Brookside Highland Meadowbrook Elmwood Ashford
    Kingsbridge Evergreen Heartland Piedmont Cypress Palmetto Laurel Sycamore Hawthorne Summit Keystone Pioneer
    Frontier Riverstone Foxhall Bellwood Greenfield Whitestone Cedarhurst Oakmont Willowbrook Silverton Redfield
    Granite Harborside Prairieview Crestwood Maplewood Glenhaven Lindenwood Rosemont Thornbury Ironwood Stillwater
    Bridgewater Wildwood Amberley Kestrel Hollins""") + [
    "Cedar Valley", "Red Rock", "Great Plains", "Sierra Vista", "High Desert", "Willow Creek", "Maple Ridge",
    "Silver Lake", "Oak Hollow", "Blue Ridge", "Golden Valley", "Sun Valley", "Three Rivers", "Twin Lakes",
    "Aspen Grove", "Mill Creek", "Lone Pine", "Copper Hills", "Harbor Point", "Coastal Plains",
]


def draw(rng: random.Random, options, cum: list[float]):
    """One option drawn by weight, given cumulative weights (what random.choices does, without its overhead)."""
    return options[bisect.bisect(cum, rng.random() * cum[-1])]


_CUMULATIVE: dict[tuple, list[float]] = {}


def draw_weighted(rng: random.Random, options, weights: tuple):
    """One option drawn by `weights` (a tuple, so its cumulative sums are computed once and kept)."""
    cum = _CUMULATIVE.get(weights)
    if cum is None:
        cum = _CUMULATIVE[weights] = cumulative(weights)
    return draw(rng, options, cum)


@functools.lru_cache(maxsize=4096)
def ascii_key(text: str) -> str:
    """Lower-case letters and digits only, accents folded: "Núñez-O'Brien" gives "nunezobrien" (for e-mails)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def cumulative(weights: Iterable[float]) -> list[float]:
    """Running sums of `weights`, the form `draw` takes."""
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def pick_distinct(rng: random.Random, options: list, cum: list[float], k: int) -> list:
    """`k` different options drawn by weight (`k` no more than the options of positive weight)."""
    chosen: list = []
    while len(chosen) < k:
        item = draw(rng, options, cum)
        if item not in chosen:
            chosen.append(item)
    return chosen

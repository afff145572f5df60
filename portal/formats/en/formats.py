"""English dates in full: "February 8, 2021", as "July 8, 2024" already reads.

Django's English DATE_FORMAT is "N j, Y" (AP style), which abbreviates some months
("Feb. 8", "Sept. 16") and not others ("July 8"), so one page mixed both forms.
"""

DATE_FORMAT = "F j, Y"

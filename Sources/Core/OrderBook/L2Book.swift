import BourseCore

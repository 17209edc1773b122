# This file has comments

# and nothing else

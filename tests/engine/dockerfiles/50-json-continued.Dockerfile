FROM python:3.12
CMD ["python", \
     "-m", \
     # comment inside the array
     "http.server", "8000"]
ENTRYPOINT [ "a\u00e9b", "tab\there", "quote\"d" ]

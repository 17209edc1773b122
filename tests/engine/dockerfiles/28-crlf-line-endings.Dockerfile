FROM alpine
RUN echo one \
    two
# comment
CMD ["sh"]

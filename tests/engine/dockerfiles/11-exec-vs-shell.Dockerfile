FROM alpine
RUN echo shell form
RUN ["echo", "exec", "form"]
CMD echo "$HOME"
CMD ["sh", "-c", "echo $HOME"]
ENTRYPOINT exec top -b
ENTRYPOINT ["top", "-b"]
RUN [ -d /tmp ] && echo "a test, not JSON"
CMD ['single', 'quotes']
CMD []

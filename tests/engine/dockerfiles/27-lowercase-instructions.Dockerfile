from alpine as Base
run echo lower
copy --from=base /etc/hosts /tmp/
Cmd ["sh"]

FROM alpine
LABEL "com.example.vendor"="ACME Incorporated"
LABEL com.example.label-with-value="foo" \
      version="1.0" \
      description="This text illustrates \
that label-values can span multiple lines."
LABEL multi.label1="value1" multi.label2="value2" other="value3"
LABEL maintainer someone@example.com
LABEL flotilla.sim.startup=2s flotilla.sim.error-rate=0.2

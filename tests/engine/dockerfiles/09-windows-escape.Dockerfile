# escape=`

FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
WORKDIR C:\app
COPY . C:\app\
RUN Invoke-WebRequest -Uri https://example.com/tool.zip `
        -OutFile C:\tool.zip ; `
    Expand-Archive C:\tool.zip -DestinationPath C:\tool
ENV TOOL_HOME=C:\tool `
    PATH="C:\tool\bin;${PATH}"
CMD ["C:\\tool\\bin\\tool.exe"]

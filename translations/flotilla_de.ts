<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DeployPlan</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>List the weights in percent, rising and ending at 100, e.g. 10, 50, 100.</source>
        <translation>Die Gewichte in Prozent angeben, aufsteigend und mit 100 endend, z. B. 10, 50, 100.</translation>
    </message>
    <message>
        <source>“%1” is not a whole number of percent.</source>
        <translation>„%1“ ist keine ganze Prozentzahl.</translation>
    </message>
    <message>
        <source>Weights are percentages from 1 to 100; %1 is not.</source>
        <translation>Gewichte sind Prozentwerte von 1 bis 100; %1 ist keiner.</translation>
    </message>
    <message>
        <source>Weights only rise: %1 comes after %2.</source>
        <translation>Gewichte steigen nur an: %1 folgt auf %2.</translation>
    </message>
    <message>
        <source>The last weight must be 100, so that the new version ends up with every request.</source>
        <translation>Das letzte Gewicht muss 100 sein, damit die neue Version am Ende alle Anfragen erhält.</translation>
    </message>
    <message>
        <source>The step weight is a percentage from 1 to 100.</source>
        <translation>Das Schrittgewicht ist ein Prozentwert von 1 bis 100.</translation>
    </message>
    <message>
        <source>The max weight is a percentage from 1 to 100.</source>
        <translation>Das Maximalgewicht ist ein Prozentwert von 1 bis 100.</translation>
    </message>
    <message>
        <source>The step weight (%1) is above the max weight (%2).</source>
        <translation>Das Schrittgewicht (%1) liegt über dem Maximalgewicht (%2).</translation>
    </message>
    <message>
        <source>Steps of %1 reach %2 and never %3: Flagger would never promote. Use a max weight of %4 or %5, or a step weight that divides %3.</source>
        <translation>Schritte von %1 erreichen %2, aber nie %3: Flagger würde nie promoten. Ein Maximalgewicht von %4 oder %5 verwenden oder ein Schrittgewicht, das %3 teilt.</translation>
    </message>
    <message>
        <source>Required: the namespace to deploy into.</source>
        <translation>Erforderlich: der Namespace, in den deployt wird.</translation>
    </message>
    <message>
        <source>Lower-case letters, digits and &apos;-&apos;, starting and ending with a letter or digit.</source>
        <translation>Kleinbuchstaben, Ziffern und &apos;-&apos;, am Anfang und Ende ein Buchstabe oder eine Ziffer.</translation>
    </message>
    <message>
        <source>Required: the name of the workload (and of its Service).</source>
        <translation>Erforderlich: der Name des Workloads (und seines Service).</translation>
    </message>
    <message>
        <source>Not a DNS-1123 label: lower-case letters, digits and &apos;-&apos;, starting and ending with a letter or digit, at most 63 characters.</source>
        <translation>Kein DNS-1123-Label: Kleinbuchstaben, Ziffern und &apos;-&apos;, am Anfang und Ende ein Buchstabe oder eine Ziffer, höchstens 63 Zeichen.</translation>
    </message>
    <message>
        <source>Start with a letter: the Services are named after the workload.</source>
        <translation>Mit einem Buchstaben beginnen: Die Services werden nach dem Workload benannt.</translation>
    </message>
    <message>
        <source>At most 50 characters: Flotilla appends the version to it.</source>
        <translation>Höchstens 50 Zeichen: Flotilla hängt noch die Version an.</translation>
    </message>
    <message>
        <source>Required: the image the containers run, e.g. shop:v1.</source>
        <translation>Erforderlich: das Image, das die Container ausführen, z. B. shop:v1.</translation>
    </message>
    <message>
        <source>An image reference has no spaces.</source>
        <translation>Eine Image-Referenz enthält keine Leerzeichen.</translation>
    </message>
    <message>
        <source>From 1 to 1000 replicas.</source>
        <translation>1 bis 1000 Replikate.</translation>
    </message>
    <message>
        <source>A port from 1 to 65535.</source>
        <translation>Ein Port von 1 bis 65535.</translation>
    </message>
    <message>
        <source>Not a Kubernetes quantity: use e.g. 64Mi, 1Gi or 500M.</source>
        <translation>Keine Kubernetes-Mengenangabe: z. B. 64Mi, 1Gi oder 500M verwenden.</translation>
    </message>
    <message>
        <source>Not a Kubernetes quantity: use e.g. 100m, 0.5 or 2.</source>
        <translation>Keine Kubernetes-Mengenangabe: z. B. 100m, 0.5 oder 2 verwenden.</translation>
    </message>
    <message>
        <source>Must be more than 0; leave it empty for none.</source>
        <translation>Muss größer als 0 sein; für keines leer lassen.</translation>
    </message>
    <message>
        <source>%1 is %2 bytes: did you mean %3Mi?</source>
        <translation>%1 sind %2 Bytes: Meinten Sie %3Mi?</translation>
    </message>
    <message>
        <source>The limit is below the request (%1).</source>
        <translation>Das Limit liegt unter der Anforderung (%1).</translation>
    </message>
    <message>
        <source>A variable with the value “%1” has no name.</source>
        <translation>Eine Variable mit dem Wert „%1“ hat keinen Namen.</translation>
    </message>
    <message>
        <source>“%1” is not a variable name: letters, digits, &apos;_&apos;, &apos;-&apos; and &apos;.&apos;, not starting with a digit.</source>
        <translation>„%1“ ist kein Variablenname: Buchstaben, Ziffern, &apos;_&apos;, &apos;-&apos; und &apos;.&apos;, nicht mit einer Ziffer beginnend.</translation>
    </message>
    <message>
        <source>%1 is set twice.</source>
        <translation>%1 ist doppelt gesetzt.</translation>
    </message>
    <message>
        <source>The HTTP path starts with &apos;/&apos;.</source>
        <translation>Der HTTP-Pfad beginnt mit &apos;/&apos;.</translation>
    </message>
    <message>
        <source>Judge by something: set a success rate, a p95 latency or both.</source>
        <translation>Ein Kriterium angeben: eine Erfolgsquote, eine p95-Latenz oder beides.</translation>
    </message>
    <message>
        <source>The success rate is a percentage up to 100.</source>
        <translation>Die Erfolgsquote ist ein Prozentwert bis 100.</translation>
    </message>
    <message>
        <source>Measure at least a second apart.</source>
        <translation>Messungen müssen mindestens eine Sekunde auseinanderliegen.</translation>
    </message>
    <message>
        <source>Take at least one measurement.</source>
        <translation>Mindestens eine Messung durchführen.</translation>
    </message>
    <message>
        <source>The failure limit (%1) must be below the number of measurements (%2), or the analysis can never fail.</source>
        <translation>Die Fehlergrenze (%1) muss unter der Zahl der Messungen (%2) liegen, sonst kann die Analyse nie fehlschlagen.</translation>
    </message>
    <message>
        <source>Required: the name of the Service.</source>
        <translation>Erforderlich: der Name des Service.</translation>
    </message>
    <message>
        <source>A Service name: lower-case letters, digits and &apos;-&apos;, starting with a letter.</source>
        <translation>Ein Service-Name: Kleinbuchstaben, Ziffern und &apos;-&apos;, beginnend mit einem Buchstaben.</translation>
    </message>
    <message>
        <source>A number of pods (1) or a percentage of the replicas (25%).</source>
        <translation>Eine Zahl von Pods (1) oder ein Prozentsatz der Replikate (25%).</translation>
    </message>
    <message>
        <source>A number of pods (0) or a percentage of the replicas (25%).</source>
        <translation>Eine Zahl von Pods (0) oder ein Prozentsatz der Replikate (25%).</translation>
    </message>
    <message>
        <source>maxSurge and maxUnavailable are both 0 pods: no pod could ever be replaced. Allow at least one extra or one missing pod.</source>
        <translation>maxSurge und maxUnavailable sind beide 0 Pods: Kein Pod könnte je ersetzt werden. Mindestens einen zusätzlichen oder einen fehlenden Pod zulassen.</translation>
    </message>
    <message>
        <source>The preview Service must differ from the active one.</source>
        <translation>Der Preview-Service muss sich vom aktiven unterscheiden.</translation>
    </message>
    <message>
        <source>At most a day (86400 s).</source>
        <translation>Höchstens ein Tag (86400 s).</translation>
    </message>
    <message>
        <source>From 0 to 86400 s.</source>
        <translation>0 bis 86400 s.</translation>
    </message>
    <message>
        <source>Needs a preview Service: it measures the traffic the preview gets before users are switched.</source>
        <translation>Erfordert einen Preview-Service: Gemessen wird der Traffic, den die Preview erhält, bevor die Benutzer umgeschaltet werden.</translation>
    </message>
    <message>
        <source>The canary Service must differ from the stable one.</source>
        <translation>Der Canary-Service muss sich vom stabilen unterscheiden.</translation>
    </message>
    <message>
        <source>A duration such as 30s, 2m or 1h30m.</source>
        <translation>Eine Dauer wie 30s, 2m oder 1h30m.</translation>
    </message>
    <message>
        <source>At least 1s; choose “no pause” for none.</source>
        <translation>Mindestens 1s; für keine Pause „Keine Pause“ wählen.</translation>
    </message>
    <message>
        <source>At most a day.</source>
        <translation>Höchstens ein Tag.</translation>
    </message>
    <message>
        <source>Flotilla reads request metrics only in its sandbox&apos;s Rollouts: with plain Deployments and Services there is nothing to analyse. Turn the analysis off, or export the plan for Argo Rollouts or Flagger with Prometheus.</source>
        <translation>Flotilla liest Anfragemetriken nur in den Rollouts seiner Sandbox: Bei einfachen Deployments und Services gibt es nichts zu analysieren. Die Analyse ausschalten oder den Plan für Argo Rollouts oder Flagger mit Prometheus exportieren.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 (sandbox)</source>
        <translation>%1 (Sandbox)</translation>
    </message>
    <message>
        <source>Docker engine (%1)</source>
        <translation>Docker-Engine (%1)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>the manifest is not JSON</source>
        <translation>das Manifest ist kein JSON</translation>
    </message>
</context>
<context>
    <name>flotilla::backends::Backend</name>
    <message>
        <source>This connection cannot show logs.</source>
        <translation>Diese Verbindung kann keine Logs anzeigen.</translation>
    </message>
    <message>
        <source>This connection cannot show a container&apos;s environment.</source>
        <translation>Diese Verbindung kann die Umgebung eines Containers nicht anzeigen.</translation>
    </message>
    <message>
        <source>This connection has no Docker containers.</source>
        <translation>Diese Verbindung hat keine Docker-Container.</translation>
    </message>
    <message>
        <source>This connection does not serve the Docker Engine API.</source>
        <translation>Diese Verbindung stellt die Docker-Engine-API nicht bereit.</translation>
    </message>
</context>
<context>
    <name>flotilla::backends::DockerBackend</name>
    <message>
        <source>Docker engine (%1)</source>
        <translation>Docker-Engine (%1)</translation>
    </message>
    <message>
        <source>Cannot reach the Docker engine at %1: %2</source>
        <translation>Die Docker-Engine unter %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>Cannot read the Docker engine&apos;s answer: %1</source>
        <translation>Die Antwort der Docker-Engine ist nicht lesbar: %1</translation>
    </message>
    <message>
        <source>The Docker engine&apos;s event stream ended: %1</source>
        <translation>Der Ereignisstrom der Docker-Engine ist abgebrochen: %1</translation>
    </message>
    <message>
        <source>Cannot list the Docker engine&apos;s containers: %1</source>
        <translation>Die Container der Docker-Engine lassen sich nicht auflisten: %1</translation>
    </message>
    <message>
        <source>Cannot read the Docker engine&apos;s list of containers.</source>
        <translation>Die Containerliste der Docker-Engine ist nicht lesbar.</translation>
    </message>
    <message>
        <source>Cannot list the Docker engine&apos;s images: %1</source>
        <translation>Die Images der Docker-Engine lassen sich nicht auflisten: %1</translation>
    </message>
    <message>
        <source>Cannot read the Docker engine&apos;s list of images.</source>
        <translation>Die Imageliste der Docker-Engine ist nicht lesbar.</translation>
    </message>
    <message>
        <source>Container %1 is running (id %2)</source>
        <translation>Container %1 läuft (ID %2)</translation>
    </message>
    <message>
        <source>Container %1 started</source>
        <translation>Container %1 gestartet</translation>
    </message>
    <message>
        <source>Container %1 stopped</source>
        <translation>Container %1 gestoppt</translation>
    </message>
    <message>
        <source>Container %1 restarted</source>
        <translation>Container %1 neu gestartet</translation>
    </message>
    <message>
        <source>Container %1 killed</source>
        <translation>Container %1 beendet (kill)</translation>
    </message>
    <message>
        <source>Container %1 removed</source>
        <translation>Container %1 entfernt</translation>
    </message>
    <message>
        <source>Tagged %1 as %2</source>
        <translation>%1 als %2 getaggt</translation>
    </message>
    <message>
        <source>Untagged %1</source>
        <translation>Tag %1 entfernt</translation>
    </message>
</context>
<context>
    <name>flotilla::backends::KubeBackend</name>
    <message>
        <source>Unauthorized: %1</source>
        <translation>Nicht autorisiert: %1</translation>
    </message>
    <message>
        <source>Forbidden: %1</source>
        <translation>Verboten: %1</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>Forbidden to list %1: %2</source>
        <translation>Auflisten von %1 verboten: %2</translation>
    </message>
    <message>
        <source>Cannot list %1: %2</source>
        <translation>%1 lassen sich nicht auflisten: %2</translation>
    </message>
    <message>
        <source>Cannot read the list of %1: %2</source>
        <translation>Die Liste von %1 ist nicht lesbar: %2</translation>
    </message>
    <message>
        <source>Watching %1: %2</source>
        <translation>Beobachten von %1: %2</translation>
    </message>
</context>
<context>
    <name>flotilla::backends::RegistrySession</name>
    <message>
        <source>plain HTTP</source>
        <translation>einfaches HTTP</translation>
    </message>
    <message>
        <source>HTTPS, certificate checked</source>
        <translation>HTTPS, Zertifikat geprüft</translation>
    </message>
    <message>
        <source>HTTPS, certificate not checked</source>
        <translation>HTTPS, Zertifikat nicht geprüft</translation>
    </message>
</context>
<context>
    <name>flotilla::backends::SandboxBackend</name>
    <message>
        <source>The sandbox has not started yet.</source>
        <translation>Die Sandbox ist noch nicht gestartet.</translation>
    </message>
    <message>
        <source>node/%1: kubelet stopped (simulated failure); NotReady in 40 s, pods evicted after 5 min</source>
        <translation>node/%1: Kubelet gestoppt (simulierter Ausfall); NotReady in 40 s, Pods werden nach 5 min verdrängt</translation>
    </message>
    <message>
        <source>node/%1: cut off from the control plane (simulated); its pods keep running, NotReady in 40 s</source>
        <translation>node/%1: von der Control Plane abgeschnitten (simuliert); seine Pods laufen weiter, NotReady in 40 s</translation>
    </message>
    <message>
        <source>node/%1 recovered</source>
        <translation>node/%1 wiederhergestellt</translation>
    </message>
    <message>
        <source>node/%1 cordoned</source>
        <translation>node/%1 abgesperrt (cordon)</translation>
    </message>
    <message>
        <source>node/%1 uncordoned</source>
        <translation>node/%1 freigegeben (uncordon)</translation>
    </message>
    <message numerus="yes">
        <source>node/%1 drained: %n pod(s) evicted</source>
        <translation>
            <numerusform>node/%1 geleert (drain): %n Pod verdrängt</numerusform>
            <numerusform>node/%1 geleert (drain): %n Pods verdrängt</numerusform>
        </translation>
    </message>
    <message>
        <source>pod/%1: container crashed (simulated); the kubelet restarts it with back-off</source>
        <translation>pod/%1: Container abgestürzt (simuliert); das Kubelet startet ihn mit Back-off neu</translation>
    </message>
    <message>
        <source>%1/%2 scaled to %3</source>
        <translation>%1/%2 auf %3 skaliert</translation>
    </message>
    <message>
        <source>deployment.apps/%1 rolled back</source>
        <translation>deployment.apps/%1 zurückgerollt</translation>
    </message>
    <message>
        <source>rollout.flotilla.dev/%1 promoted</source>
        <translation>rollout.flotilla.dev/%1 befördert</translation>
    </message>
    <message>
        <source>rollout.flotilla.dev/%1 fully promoted</source>
        <translation>rollout.flotilla.dev/%1 vollständig befördert</translation>
    </message>
    <message>
        <source>rollout.flotilla.dev/%1 aborted</source>
        <translation>rollout.flotilla.dev/%1 abgebrochen</translation>
    </message>
    <message>
        <source>rollout.flotilla.dev/%1 retried</source>
        <translation>rollout.flotilla.dev/%1 erneut versucht</translation>
    </message>
    <message>
        <source>rollout.flotilla.dev/%1 paused</source>
        <translation>rollout.flotilla.dev/%1 angehalten</translation>
    </message>
    <message>
        <source>rollout.flotilla.dev/%1 resumed</source>
        <translation>rollout.flotilla.dev/%1 fortgesetzt</translation>
    </message>
    <message>
        <source>rollout.flotilla.dev/%1 rolled back</source>
        <translation>rollout.flotilla.dev/%1 zurückgerollt</translation>
    </message>
    <message>
        <source>service/%1: %2 requests/s (simulated)</source>
        <translation>service/%1: %2 Anfragen/s (simuliert)</translation>
    </message>
    <message>
        <source>service/%1: traffic stopped</source>
        <translation>service/%1: Traffic gestoppt</translation>
    </message>
    <message>
        <source>service/%1: traffic weights set</source>
        <translation>service/%1: Traffic-Gewichte gesetzt</translation>
    </message>
    <message>
        <source>pod/%1: CPU spike for 2 minutes (simulated); its probes time out meanwhile</source>
        <translation>pod/%1: CPU-Spitze für 2 Minuten (simuliert); seine Probes laufen währenddessen in Zeitüberschreitungen</translation>
    </message>
    <message>
        <source>pod/%1: memory leak (simulated); OOMKilled when it reaches its limit</source>
        <translation>pod/%1: Speicherleck (simuliert); OOMKilled, sobald er sein Limit erreicht</translation>
    </message>
    <message>
        <source>pod/%1: faults cleared</source>
        <translation>pod/%1: Fehler aufgehoben</translation>
    </message>
    <message>
        <source>image %1: pulls fail (simulated) until cleared</source>
        <translation>Image %1: Pulls schlagen fehl (simuliert), bis es aufgehoben wird</translation>
    </message>
    <message>
        <source>image %1: pulls work again</source>
        <translation>Image %1: Pulls funktionieren wieder</translation>
    </message>
    <message>
        <source>node/%1 created</source>
        <translation>node/%1 erstellt</translation>
    </message>
    <message>
        <source>only %1 of %2 nodes were added: every pod address range of the sandbox is taken</source>
        <translation>nur %1 von %2 Nodes wurden hinzugefügt: Alle Pod-Adressbereiche der Sandbox sind vergeben</translation>
    </message>
    <message numerus="yes">
        <source>node/%1 removed with its %n pod(s); their controllers start them on other nodes</source>
        <translation>
            <numerusform>node/%1 mit seinem %n Pod entfernt; sein Controller startet ihn auf einem anderen Node</numerusform>
            <numerusform>node/%1 mit seinen %n Pods entfernt; ihre Controller starten sie auf anderen Nodes</numerusform>
        </translation>
    </message>
    <message>
        <source>Container %1 is running (id %2)</source>
        <translation>Container %1 läuft (ID %2)</translation>
    </message>
    <message>
        <source>Container %1 started</source>
        <translation>Container %1 gestartet</translation>
    </message>
    <message>
        <source>Container %1 stopped</source>
        <translation>Container %1 gestoppt</translation>
    </message>
    <message>
        <source>Container %1 restarted</source>
        <translation>Container %1 neu gestartet</translation>
    </message>
    <message>
        <source>Container %1 killed (SIGKILL)</source>
        <translation>Container %1 beendet (SIGKILL)</translation>
    </message>
    <message>
        <source>Container %1 removed</source>
        <translation>Container %1 entfernt</translation>
    </message>
    <message>
        <source>No such container: %1</source>
        <translation>Container nicht vorhanden: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::models::BuildLogModel</name>
    <message>
        <source>SIMULATED</source>
        <translation>SIMULIERT</translation>
    </message>
    <message>
        <source>How long the step took</source>
        <translation>Wie lange der Schritt gedauert hat</translation>
    </message>
    <message>
        <source>Size of the layer the step added to the image</source>
        <translation>Größe des Layers, den der Schritt dem Image hinzugefügt hat</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>CACHED</source>
        <translation>GECACHT</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>FEHLER</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>The build cache already had this layer (same parent layer and instruction, and for COPY/ADD the same file contents), so the step did not run again.</source>
        <translation>Der Build-Cache hatte diesen Layer schon (gleicher Eltern-Layer und gleiche Anweisung, bei COPY/ADD auch gleiche Dateiinhalte), darum lief der Schritt nicht noch einmal.</translation>
    </message>
    <message>
        <source>Simulated: the sandbox does not execute RUN. The layer records the command; its duration and size are estimates. Build with a Docker Engine to run it for real.</source>
        <translation>Simuliert: Die Sandbox führt RUN nicht aus. Der Layer hält den Befehl fest; Dauer und Größe sind Schätzungen. Mit einer Docker Engine bauen, um ihn wirklich auszuführen.</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source>Dockerfile line %1</source>
        <translation>Dockerfile-Zeile %1</translation>
    </message>
    <message>
        <source>Dockerfile lines %1–%2</source>
        <translation>Dockerfile-Zeilen %1–%2</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Layer %1</translation>
    </message>
    <message>
        <source>… the output is too long; further lines of this build are not kept</source>
        <translation>… die Ausgabe ist zu lang; weitere Zeilen dieses Builds werden nicht behalten</translation>
    </message>
    <message>
        <source>Built image %1</source>
        <translation>Image %1 gebaut</translation>
    </message>
    <message>
        <source>Built image %1 as %2</source>
        <translation>Image %1 als %2 gebaut</translation>
    </message>
</context>
<context>
    <name>flotilla::models::ConfigMapModel</name>
    <message>
        <source>Entries in data and binaryData: each becomes a file when the ConfigMap is mounted</source>
        <translation>Einträge in data und binaryData: Jeder wird zu einer Datei, wenn die ConfigMap eingebunden wird</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
</context>
<context>
    <name>flotilla::models::ContainerModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>The image the container was created from</source>
        <translation>Das Image, aus dem der Container erstellt wurde</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>created, running, restarting, exited or dead</source>
        <translation>created (erstellt), running (läuft), restarting (startet neu), exited (beendet) oder dead (tot)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>As docker ps says it, on the sandbox&apos;s simulated clock</source>
        <translation>Wie docker ps es sagt, nach der simulierten Uhr der Sandbox</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Published ports while the container runs: host address and port → the container&apos;s port. They are real ports on this computer, answered by the simulated program.</source>
        <translation>Veröffentlichte Ports, solange der Container läuft: Host-Adresse und -Port → Port des Containers. Es sind echte Ports auf diesem Computer, beantwortet vom simulierten Programm.</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <source>Restarts by the restart policy since the last start</source>
        <translation>Neustarts durch die Neustart-Richtlinie seit dem letzten Start</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Container ID</source>
        <translation>Container-ID</translation>
    </message>
    <message>
        <source>The start of the container&apos;s 64-digit id</source>
        <translation>Der Anfang der 64-stelligen ID des Containers</translation>
    </message>
    <message>
        <source>Killed for using more memory than it may (OOMKilled)</source>
        <translation>Beendet, weil er mehr Speicher brauchte als erlaubt (OOMKilled)</translation>
    </message>
</context>
<context>
    <name>flotilla::models::DeploymentModel</name>
    <message>
        <source>Ready pods of all the Deployment&apos;s ReplicaSets / replicas wanted</source>
        <translation>Bereite Pods aller ReplicaSets des Deployments / gewünschte Replikate</translation>
    </message>
    <message>
        <source>Pods from the current pod template (the newest revision)</source>
        <translation>Pods aus dem aktuellen Pod-Template (der neuesten Revision)</translation>
    </message>
    <message>
        <source>Pods ready for at least minReadySeconds: the ones that count for the rollout</source>
        <translation>Pods, die seit mindestens minReadySeconds bereit sind: Sie zählen für den Rollout</translation>
    </message>
    <message>
        <source>RollingUpdate replaces pods step by step (maxSurge / maxUnavailable); Recreate stops all old pods first</source>
        <translation>RollingUpdate ersetzt Pods schrittweise (maxSurge / maxUnavailable); Recreate beendet zuerst alle alten Pods</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Up-to-date</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>%1 (paused)</source>
        <translation>%1 (pausiert)</translation>
    </message>
</context>
<context>
    <name>flotilla::models::EventModel</name>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Normal for routine steps, Warning when something went wrong</source>
        <translation>Normal für Routineschritte, Warning wenn etwas schiefging</translation>
    </message>
    <message>
        <source>A short word for what happened, such as Scheduled, Pulled or FailedScheduling</source>
        <translation>Ein kurzes Wort für das Geschehene, etwa Scheduled, Pulled oder FailedScheduling</translation>
    </message>
    <message>
        <source>The object the event is about</source>
        <translation>Das Objekt, um das es im Ereignis geht</translation>
    </message>
    <message>
        <source>Which component reported it: the scheduler, or a node&apos;s kubelet</source>
        <translation>Welche Komponente es gemeldet hat: der Scheduler oder das Kubelet eines Knotens</translation>
    </message>
    <message>
        <source>How often it happened</source>
        <translation>Wie oft es vorkam</translation>
    </message>
</context>
<context>
    <name>flotilla::models::ImageModel</name>
    <message>
        <source>Repository</source>
        <translation>Repository</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Image ID</source>
        <translation>Image-ID</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>catalog (metadata only)</source>
        <translation>Katalog (nur Metadaten)</translation>
    </message>
    <message>
        <source>built</source>
        <translation>gebaut</translation>
    </message>
    <message>
        <source>pulled</source>
        <translation>heruntergeladen</translation>
    </message>
    <message>
        <source>A built-in catalog image: its real configuration and size, without layers. Pods and builds in the sandbox can use it offline.</source>
        <translation>Ein integriertes Katalog-Image: echte Konfiguration und Größe, ohne Layer. Pods und Builds in der Sandbox können es offline verwenden.</translation>
    </message>
    <message>
        <source>The start of the image&apos;s content digest: the same content always has the same ID</source>
        <translation>Der Anfang des Inhalts-Digests des Images: gleicher Inhalt hat immer dieselbe ID</translation>
    </message>
    <message>
        <source>catalog: built into Flotilla (configuration and size only); built: made from a Dockerfile; pulled: from a registry</source>
        <translation>Katalog: in Flotilla eingebaut (nur Konfiguration und Größe); gebaut: aus einem Dockerfile erstellt; heruntergeladen: aus einer Registry</translation>
    </message>
    <message>
        <source>Size of the image&apos;s layers (for simulated RUN steps, the size they would have)</source>
        <translation>Größe der Layer des Images (bei simulierten RUN-Schritten die Größe, die sie hätten)</translation>
    </message>
    <message>
        <source>Filesystem layers: one per RUN, COPY, ADD and WORKDIR step</source>
        <translation>Dateisystem-Layer: einer je RUN-, COPY-, ADD- und WORKDIR-Schritt</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>A catalog image has no stored layers: Flotilla knows its configuration and size only.</source>
        <translation>Ein Katalog-Image hat keine gespeicherten Layer: Flotilla kennt nur seine Konfiguration und Größe.</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s) from simulated RUN steps: they record the command, not its files</source>
        <translation>
            <numerusform>%n Layer aus einem simulierten RUN-Schritt; er hält den Befehl fest, nicht dessen Dateien</numerusform>
            <numerusform>%n Layer aus simulierten RUN-Schritten; sie halten den Befehl fest, nicht dessen Dateien</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::models::NodeModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Pods</source>
        <translation>Pods</translation>
    </message>
    <message>
        <source>CPU requested</source>
        <translation>CPU angefordert</translation>
    </message>
    <message>
        <source>Memory requested</source>
        <translation>Speicher angefordert</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Internal IP</source>
        <translation>Interne IP</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Ready when the node&apos;s kubelet reports that it can run pods</source>
        <translation>Ready, wenn das Kubelet des Knotens meldet, dass es Pods ausführen kann</translation>
    </message>
    <message>
        <source>The control plane runs the API server, etcd, the scheduler and the controller manager; other nodes are workers that run your pods</source>
        <translation>Die Control Plane führt API-Server, etcd, Scheduler und Controller Manager aus; die übrigen Knoten sind Worker, auf denen Ihre Pods laufen</translation>
    </message>
    <message>
        <source>Pods on this node, of the most it accepts</source>
        <translation>Pods auf diesem Knoten, von höchstens zulässigen</translation>
    </message>
    <message>
        <source>CPU requested by the pods on this node, of what it can allocate. A pod is placed only where its requests fit</source>
        <translation>Von den Pods auf diesem Knoten angeforderte CPU, gemessen an der zuweisbaren. Ein Pod wird nur dort platziert, wo seine Anforderungen Platz haben</translation>
    </message>
    <message>
        <source>Memory requested by the pods on this node, of what it can allocate</source>
        <translation>Von den Pods auf diesem Knoten angeforderter Speicher, gemessen am zuweisbaren</translation>
    </message>
    <message>
        <source>The version of the node&apos;s kubelet, the agent that runs its pods</source>
        <translation>Die Version des Kubelets des Knotens, des Agenten, der seine Pods ausführt</translation>
    </message>
    <message>
        <source>CPU the containers on this node use now (simulated in the sandbox), and its share of what the node can allocate</source>
        <translation>Von den Containern auf diesem Knoten derzeit genutzte CPU (in der Sandbox simuliert) und ihr Anteil an der zuweisbaren CPU des Knotens</translation>
    </message>
    <message>
        <source>Memory the containers on this node use now (simulated in the sandbox), and its share of what the node can allocate</source>
        <translation>Von den Containern auf diesem Knoten derzeit genutzter Speicher (in der Sandbox simuliert) und sein Anteil am zuweisbaren Speicher des Knotens</translation>
    </message>
    <message>
        <source>CPU used</source>
        <translation>CPU genutzt</translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation>Speicher genutzt</translation>
    </message>
</context>
<context>
    <name>flotilla::models::PodModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Controlled by %1</source>
        <translation>Gesteuert von %1</translation>
    </message>
    <message>
        <source>Containers that are ready, of all the containers in the pod</source>
        <translation>Bereite Container von allen Containern des Pods</translation>
    </message>
    <message>
        <source>What the pod is doing: Pending (waiting for a node or an image), ContainerCreating, Running, Terminating, or why it failed</source>
        <translation>Was der Pod gerade tut: Pending (wartet auf einen Knoten oder ein Image), ContainerCreating, Running, Terminating – oder warum er fehlschlug</translation>
    </message>
    <message>
        <source>How often the pod&apos;s containers were restarted</source>
        <translation>Wie oft die Container des Pods neu gestartet wurden</translation>
    </message>
    <message>
        <source>Time since the pod was created</source>
        <translation>Zeit seit dem Erstellen des Pods</translation>
    </message>
    <message>
        <source>The node the scheduler placed the pod on</source>
        <translation>Der Knoten, auf dem der Scheduler den Pod platziert hat</translation>
    </message>
    <message>
        <source>The pod&apos;s own address. It changes when the pod is replaced; a Service gives a stable one</source>
        <translation>Die eigene Adresse des Pods. Sie ändert sich, wenn der Pod ersetzt wird; ein Service bietet eine stabile</translation>
    </message>
    <message>
        <source>The container images the pod runs</source>
        <translation>Die Container-Images, die der Pod ausführt</translation>
    </message>
    <message>
        <source>API server: the front door of the control plane. kubectl and every other tool talk to it (simulated)</source>
        <translation>API-Server: der Eingang zur Control Plane. kubectl und alle anderen Werkzeuge sprechen mit ihm (simuliert)</translation>
    </message>
    <message>
        <source>etcd: the key-value store that holds all cluster data, the cluster&apos;s source of truth (simulated)</source>
        <translation>etcd: der Schlüssel-Wert-Speicher mit allen Clusterdaten, die maßgebliche Quelle des Clusters (simuliert)</translation>
    </message>
    <message>
        <source>Scheduler: picks a node for each new pod, by its resource requests and constraints (simulated)</source>
        <translation>Scheduler: wählt für jeden neuen Pod einen Knoten nach dessen Ressourcenanforderungen und Vorgaben (simuliert)</translation>
    </message>
    <message>
        <source>Controller manager: runs the controllers that move the cluster toward the desired state (simulated)</source>
        <translation>Controller Manager: führt die Controller aus, die den Cluster in den gewünschten Zustand bringen (simuliert)</translation>
    </message>
    <message>
        <source>kube-proxy: keeps each node&apos;s network rules so that Services reach their pods (simulated)</source>
        <translation>kube-proxy: pflegt die Netzwerkregeln jedes Knotens, damit Services ihre Pods erreichen (simuliert)</translation>
    </message>
    <message>
        <source>CPU the pod&apos;s containers use now (simulated in the sandbox)</source>
        <translation>Von den Containern des Pods derzeit genutzte CPU (in der Sandbox simuliert)</translation>
    </message>
    <message>
        <source>Memory the pod&apos;s containers use now (simulated in the sandbox)</source>
        <translation>Von den Containern des Pods derzeit genutzter Speicher (in der Sandbox simuliert)</translation>
    </message>
    <message>
        <source>CPU used</source>
        <translation>CPU genutzt</translation>
    </message>
    <message>
        <source>Memory used</source>
        <translation>Speicher genutzt</translation>
    </message>
</context>
<context>
    <name>flotilla::models::ReplicaSetModel</name>
    <message>
        <source>Pods the ReplicaSet should have (its Deployment sets this during a rollout)</source>
        <translation>Pods, die das ReplicaSet haben soll (sein Deployment legt das während eines Rollouts fest)</translation>
    </message>
    <message>
        <source>Pods it has now, started or not</source>
        <translation>Pods, die es jetzt hat, ob gestartet oder nicht</translation>
    </message>
    <message>
        <source>Pods that pass their readiness check</source>
        <translation>Pods, die ihre Readiness-Prüfung bestehen</translation>
    </message>
    <message>
        <source>The Deployment this ReplicaSet belongs to</source>
        <translation>Das Deployment, zu dem dieses ReplicaSet gehört</translation>
    </message>
    <message>
        <source>The Deployment revision this ReplicaSet&apos;s pod template stands for</source>
        <translation>Die Deployment-Revision, für die das Pod-Template dieses ReplicaSets steht</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Desired</source>
        <translation>Gewünscht</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Vorhanden</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation>Deployment</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>An earlier revision of %1, kept (scaled to zero) so that it can be rolled back to</source>
        <translation>Eine frühere Revision von %1, (auf null skaliert) aufbewahrt, damit auf sie zurückgerollt werden kann</translation>
    </message>
</context>
<context>
    <name>flotilla::models::RolloutModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>How a new version replaces the stable one: Canary (steps of traffic weights, pauses and analyses), BlueGreen or RollingUpdate</source>
        <translation>Wie eine neue Version die stabile ersetzt: Canary (Schritte mit Traffic-Gewichten, Pausen und Analysen), BlueGreen oder RollingUpdate</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Healthy: the stable version serves · Progressing: steps run · Paused: waiting for its time or to be promoted · Degraded: aborted or failed</source>
        <translation>Healthy: Die stabile Version bedient · Progressing: Schritte laufen · Paused: wartet auf ihre Zeit oder auf das Promoten · Degraded: abgebrochen oder fehlgeschlagen</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>The canary step under way, of all the steps</source>
        <translation>Der laufende Canary-Schritt von allen Schritten</translation>
    </message>
    <message>
        <source>Canary weight</source>
        <translation>Canary-Gewicht</translation>
    </message>
    <message>
        <source>The canary&apos;s share of the stable Service&apos;s requests</source>
        <translation>Der Anteil des Canary an den Anfragen des stabilen Service</translation>
    </message>
    <message>
        <source>Stable</source>
        <translation>Stabil</translation>
    </message>
    <message>
        <source>The version that serves: its revision and ready replicas</source>
        <translation>Die Version, die bedient: ihre Revision und bereiten Replikate</translation>
    </message>
    <message>
        <source>Canary</source>
        <translation>Canary</translation>
    </message>
    <message>
        <source>The new version being rolled out: its revision and ready replicas</source>
        <translation>Die neue Version, die ausgerollt wird: ihre Revision und bereiten Replikate</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Paused by hand</source>
        <translation>Von Hand angehalten</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 (%2 ready)</source>
        <translation>%1 (%2 bereit)</translation>
    </message>
    <message>
        <source>Revision %1: %2 of %3 replicas ready</source>
        <translation>Revision %1: %2 von %3 Replikaten bereit</translation>
    </message>
    <message>
        <source>Revision %1: %2 replicas ready</source>
        <translation>Revision %1: %2 Replikate bereit</translation>
    </message>
    <message>
        <source>≈%1 % (%2 of %3 pods)</source>
        <translation>≈%1 % (%2 von %3 Pods)</translation>
    </message>
    <message>
        <source>Asked for %1 %. Plain Services spread requests over pods, so the canary&apos;s share is its share of the pods: %2 of %3 ready pods.</source>
        <translation>Vorgegeben: %1 %. Einfache Services verteilen Anfragen auf Pods, daher entspricht der Anteil des Canary seinem Anteil an den Pods: %2 von %3 bereiten Pods.</translation>
    </message>
</context>
<context>
    <name>flotilla::models::SecretModel</name>
    <message numerus="yes">
        <source>(%n bytes of binary data)</source>
        <translation>
            <numerusform>(%n Byte Binärdaten)</numerusform>
            <numerusform>(%n Bytes Binärdaten)</numerusform>
        </translation>
    </message>
    <message>
        <source>What the Secret holds: Opaque for anything, or a known shape such as TLS keys or registry credentials</source>
        <translation>Was das Secret enthält: Opaque für Beliebiges oder eine bekannte Form wie TLS-Schlüssel oder Registry-Zugangsdaten</translation>
    </message>
    <message>
        <source>Entries in the Secret; their values stay hidden until you reveal them</source>
        <translation>Einträge im Secret; ihre Werte bleiben verborgen, bis sie ausdrücklich angezeigt werden</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
</context>
<context>
    <name>flotilla::models::ServiceModel</name>
    <message>
        <source>The Service&apos;s virtual address: kube-proxy spreads connections to it over the ready pods</source>
        <translation>Die virtuelle Adresse des Service: kube-proxy verteilt Verbindungen dorthin auf die bereiten Pods</translation>
    </message>
    <message>
        <source>port:nodePort/protocol; a NodePort is open on every node</source>
        <translation>port:nodePort/Protokoll; ein NodePort ist auf jedem Knoten geöffnet</translation>
    </message>
    <message>
        <source>Ready endpoints / all the pods the selector matches that have an address</source>
        <translation>Bereite Endpoints / alle Pods mit Adresse, auf die der Selektor passt</translation>
    </message>
    <message>
        <source>Requests per second served in the last simulated second (the traffic generator)</source>
        <translation>In der letzten simulierten Sekunde bediente Anfragen pro Sekunde (vom Traffic-Generator)</translation>
    </message>
    <message>
        <source>Share of requests that failed: 5xx answers and refused connections</source>
        <translation>Anteil fehlgeschlagener Anfragen: 5xx-Antworten und abgelehnte Verbindungen</translation>
    </message>
    <message>
        <source>95th percentile of the latency: 95 % of the requests were answered faster</source>
        <translation>95. Perzentil der Latenz: 95 % der Anfragen wurden schneller beantwortet</translation>
    </message>
    <message>
        <source>The name other pods reach the Service by (cluster DNS)</source>
        <translation>Der Name, unter dem andere Pods den Service erreichen (Cluster-DNS)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Cluster IP</source>
        <translation>Cluster-IP</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpoints</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Selector</source>
        <translation>Selektor</translation>
    </message>
    <message>
        <source>DNS name</source>
        <translation>DNS-Name</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Asked for %1 requests/s · p50 %2 ms · p95 %3 ms · p99 %4 ms · %5 failed connections/s</source>
        <translation>Vorgegeben: %1 Anfragen/s · p50 %2 ms · p95 %3 ms · p99 %4 ms · %5 fehlgeschlagene Verbindungen/s</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::AddNodesDialog</name>
    <message>
        <source>Add Nodes</source>
        <translation>Knoten hinzufügen</translation>
    </message>
    <message>
        <source>How many worker nodes to add (1–1000)</source>
        <translation>Wie viele Worker-Knoten hinzugefügt werden (1–1000)</translation>
    </message>
    <message>
        <source>The CPU and memory each new node offers; each one takes up to 110 pods</source>
        <translation>CPU und Speicher, die jeder neue Knoten bietet; jeder nimmt bis zu 110 Pods auf</translation>
    </message>
    <message>
        <source>New worker nodes join the cluster Ready, with a kubelet and a container runtime (simulated). The scheduler places pending and new pods on them at once.</source>
        <translation>Neue Worker-Knoten treten dem Cluster als Ready bei, jeweils mit einem Kubelet und einer Container-Runtime (simuliert). Der Scheduler setzt wartende und neue Pods sofort auf sie.</translation>
    </message>
    <message>
        <source>&amp;Add Nodes</source>
        <translation>Knoten &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Number of nodes:</source>
        <translation>&amp;Anzahl der Knoten:</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>&amp;Größe:</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>Small — %1 CPU, %2 GiB</source>
        <translation>Klein — %1 CPU, %2 GiB</translation>
    </message>
    <message>
        <source>Medium — %1 CPU, %2 GiB</source>
        <translation>Mittel — %1 CPU, %2 GiB</translation>
    </message>
    <message>
        <source>Large — %1 CPU, %2 GiB</source>
        <translation>Groß — %1 CPU, %2 GiB</translation>
    </message>
    <message>
        <source>One node with %1 CPU and %2 GiB of memory (%3 GiB allocatable to pods), room for %4 pods.</source>
        <translation>Ein Knoten mit %1 CPU und %2 GiB Speicher (%3 GiB davon Pods zuweisbar), Platz für %4 Pods.</translation>
    </message>
    <message>
        <source>%1 nodes with %2 CPU and %3 GiB of memory in all (%4 GiB allocatable to pods), room for %5 pods.</source>
        <translation>%1 Knoten mit insgesamt %2 CPU und %3 GiB Speicher (%4 GiB davon Pods zuweisbar), Platz für %5 Pods.</translation>
    </message>
    <message>
        <source>The nodes could not be added.</source>
        <translation>Die Knoten konnten nicht hinzugefügt werden.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::AnalysisEditor</name>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>A measurement fails when fewer requests than this succeed</source>
        <translation>Eine Messung schlägt fehl, wenn weniger Anfragen als dieser Anteil erfolgreich sind</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>A measurement fails when the 95th percentile of the latency is above this</source>
        <translation>Eine Messung schlägt fehl, wenn das 95. Perzentil der Latenz über diesem Wert liegt</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Failed measurements tolerated before the analysis fails</source>
        <translation>Fehlgeschlagene Messungen, die toleriert werden, bevor die Analyse fehlschlägt</translation>
    </message>
    <message>
        <source>Success rate ≥</source>
        <translation>Erfolgsquote ≥</translation>
    </message>
    <message>
        <source>p95 latency ≤</source>
        <translation>p95-Latenz ≤</translation>
    </message>
    <message>
        <source>Measure every</source>
        <translation>Messen alle</translation>
    </message>
    <message>
        <source>Measurements</source>
        <translation>Messungen</translation>
    </message>
    <message>
        <source>Failures tolerated</source>
        <translation>Tolerierte Fehlschläge</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ApplyYamlDialog</name>
    <message>
        <source>Pod: the course&apos;s Node.js microservice</source>
        <translation>Pod: der Node.js-Microservice des Kurses</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Service for the microservice</source>
        <translation>Service für den Microservice</translation>
    </message>
    <message>
        <source>ConfigMap and Secret</source>
        <translation>ConfigMap und Secret</translation>
    </message>
    <message>
        <source>Deployment with three replicas</source>
        <translation>Deployment mit drei Replikaten</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <source>Apply YAML — %1</source>
        <translation>YAML anwenden — %1</translation>
    </message>
    <message>
        <source>Paste one or more Kubernetes manifests (YAML or JSON, separated by ---), or open a file. Objects that exist are updated, new ones are created; if anything is wrong, nothing is applied.</source>
        <translation>Fügen Sie ein oder mehrere Kubernetes-Manifeste ein (YAML oder JSON, getrennt durch ---) oder öffnen Sie eine Datei. Vorhandene Objekte werden aktualisiert, neue werden erstellt; ist etwas fehlerhaft, wird nichts angewendet.</translation>
    </message>
    <message>
        <source>Choose a problem to go to its line</source>
        <translation>Wählen Sie ein Problem aus, um zur betreffenden Zeile zu springen</translation>
    </message>
    <message>
        <source>&amp;Open File…</source>
        <translation>Datei ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Load a manifest file (Ctrl+O)</source>
        <translation>Manifestdatei laden (Strg+O)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>&amp;Beispiele</translation>
    </message>
    <message>
        <source>Apply (Ctrl+Return)</source>
        <translation>Anwenden (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Not loaded</source>
        <translation>Nicht geladen</translation>
    </message>
    <message>
        <source>%1: cannot open: %2</source>
        <translation>%1: Öffnen nicht möglich: %2</translation>
    </message>
    <message>
        <source>%1: the file is %2 bytes; at most %3 bytes can be applied</source>
        <translation>%1: Die Datei ist %2 Bytes groß; höchstens %3 Bytes können angewendet werden</translation>
    </message>
    <message>
        <source>Open Manifest</source>
        <translation>Manifest öffnen</translation>
    </message>
    <message>
        <source>Manifests (*.yaml *.yml *.json);;All files (*)</source>
        <translation>Manifeste (*.yaml *.yml *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Nothing to apply: paste a manifest or open a file.</source>
        <translation>Nichts anzuwenden: Fügen Sie ein Manifest ein oder öffnen Sie eine Datei.</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Wird angewendet…</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Angewendet</translation>
    </message>
    <message>
        <source>Line %1, column %2</source>
        <translation>Zeile %1, Spalte %2</translation>
    </message>
    <message>
        <source>Document %1</source>
        <translation>Dokument %1</translation>
    </message>
    <message>
        <source>Nothing was applied: see the problems below</source>
        <translation>Nichts wurde angewendet: siehe die Probleme unten</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::AutoscaleDialog</name>
    <message>
        <source>Autoscale %1</source>
        <translation>%1 automatisch skalieren</translation>
    </message>
    <message>
        <source>The autoscaler never goes below this many pods</source>
        <translation>Der Autoscaler geht nie unter diese Zahl von Pods</translation>
    </message>
    <message>
        <source>The autoscaler never goes above this many pods</source>
        <translation>Der Autoscaler geht nie über diese Zahl von Pods</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Average CPU use the autoscaler aims at, in percent of the pods&apos; CPU requests</source>
        <translation>Durchschnittliche CPU-Nutzung, die der Autoscaler anstrebt, in Prozent der CPU-Anforderungen der Pods</translation>
    </message>
    <message>
        <source>A HorizontalPodAutoscaler named %1 looks at the pods&apos; CPU use every 15 s and sets the Deployment&apos;s replicas between the minimum and the maximum. By default it scales down only after 5 minutes of lower use. The pods need a CPU request.</source>
        <translation>Ein HorizontalPodAutoscaler namens %1 prüft alle 15 s die CPU-Nutzung der Pods und setzt die Replikate des Deployments auf einen Wert zwischen Minimum und Maximum. Standardmäßig skaliert er erst nach 5 Minuten geringerer Nutzung herunter. Die Pods brauchen eine CPU-Anforderung.</translation>
    </message>
    <message>
        <source>&amp;Autoscale</source>
        <translation>&amp;Automatisch skalieren</translation>
    </message>
    <message>
        <source>M&amp;inimum replicas:</source>
        <translation>M&amp;inimale Replikate:</translation>
    </message>
    <message>
        <source>Ma&amp;ximum replicas:</source>
        <translation>Ma&amp;ximale Replikate:</translation>
    </message>
    <message>
        <source>Target &amp;CPU use:</source>
        <translation>Angestrebte &amp;CPU-Nutzung:</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>The autoscaler could not be set up.</source>
        <translation>Der Autoscaler konnte nicht eingerichtet werden.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::BuildDialog</name>
    <message>
        <source>Line %1: write KEY=value, where KEY is letters, digits and _</source>
        <translation>Zeile %1: KEY=Wert angeben; KEY besteht aus Buchstaben, Ziffern und _</translation>
    </message>
    <message>
        <source>Do not use the build cache (--no-cache)</source>
        <translation>Build-Cache nicht verwenden (--no-cache)</translation>
    </message>
    <message>
        <source>Build Image</source>
        <translation>Image bauen</translation>
    </message>
    <message>
        <source>The image&apos;s name and tag, as in docker build -t: my-microservice, app:1.0, localhost:5000/team/app:2</source>
        <translation>Name und Tag des Images wie bei docker build -t: my-microservice, app:1.0, localhost:5000/team/app:2</translation>
    </message>
    <message>
        <source>The folder whose files COPY and ADD can use (the last argument of docker build). Its .dockerignore is honoured.</source>
        <translation>Der Ordner, dessen Dateien COPY und ADD verwenden können (das letzte Argument von docker build). Seine .dockerignore wird beachtet.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Build arguments, one KEY=value per line (--build-arg). They set the Dockerfile&apos;s ARGs.</source>
        <translation>Build-Argumente, eines pro Zeile als KEY=Wert (--build-arg). Sie setzen die ARGs des Dockerfiles.</translation>
    </message>
    <message>
        <source>The stage to build (--target); the last stage when none is chosen</source>
        <translation>Die zu bauende Stage (--target); ohne Auswahl die letzte Stage</translation>
    </message>
    <message>
        <source>&amp;Tag:</source>
        <translation>&amp;Tag:</translation>
    </message>
    <message>
        <source>&amp;Context folder:</source>
        <translation>&amp;Kontextordner:</translation>
    </message>
    <message>
        <source>Build &amp;args:</source>
        <translation>Build-&amp;Argumente:</translation>
    </message>
    <message>
        <source>Target &amp;stage:</source>
        <translation>Ziel-&amp;Stage:</translation>
    </message>
    <message>
        <source>&amp;Build</source>
        <translation>&amp;Bauen</translation>
    </message>
    <message>
        <source>(last stage)</source>
        <translation>(letzte Stage)</translation>
    </message>
    <message>
        <source>%1 — FROM %2</source>
        <translation>%1 — FROM %2</translation>
    </message>
    <message>
        <source>Name the image, e.g. my-microservice</source>
        <translation>Einen Namen für das Image angeben, z. B. my-microservice</translation>
    </message>
    <message>
        <source>A tag cannot contain a digest (@sha256:…)</source>
        <translation>Ein Tag darf keinen Digest enthalten (@sha256:…)</translation>
    </message>
    <message>
        <source>Choose the folder with the files the Dockerfile copies</source>
        <translation>Den Ordner mit den Dateien wählen, die das Dockerfile kopiert</translation>
    </message>
    <message>
        <source>No such folder: %1</source>
        <translation>Ordner nicht gefunden: %1</translation>
    </message>
    <message>
        <source>Build Context Folder</source>
        <translation>Ordner für den Build-Kontext</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::BuildLogView</name>
    <message>
        <source>simulated</source>
        <translation>simuliert</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Failed at step %1</source>
        <translation>Fehler in Schritt %1</translation>
    </message>
    <message>
        <source>Stop the build</source>
        <translation>Den Build anhalten</translation>
    </message>
    <message>
        <source>Search the log (Ctrl+F); Enter: next match</source>
        <translation>Suchen (Strg+F); Enter: weiter</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Copy the whole log to the clipboard, as docker build prints it</source>
        <translation>Das ganze Log in die Zwischenablage kopieren, so wie docker build es ausgibt</translation>
    </message>
    <message>
        <source>Save the log to a file</source>
        <translation>Das Log in einer Datei speichern</translation>
    </message>
    <message>
        <source>the image</source>
        <translation>das Image</translation>
    </message>
    <message>
        <source>No build yet</source>
        <translation>Noch kein Build</translation>
    </message>
    <message>
        <source>Build failed at step %1</source>
        <translation>Build in Schritt %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Build failed at step %1: %2</source>
        <translation>Build in Schritt %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Build failed</source>
        <translation>Build fehlgeschlagen</translation>
    </message>
    <message>
        <source>Build failed: %1</source>
        <translation>Build fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Built %1 in %2 s</source>
        <translation>%1 in %2 s gebaut</translation>
    </message>
    <message>
        <source>%1 of %2 steps cached</source>
        <translation>%1 von %2 Schritten aus dem Cache</translation>
    </message>
    <message>
        <source>1 step simulated</source>
        <translation>1 Schritt simuliert</translation>
    </message>
    <message>
        <source>%1 steps simulated</source>
        <translation>%1 Schritte simuliert</translation>
    </message>
    <message>
        <source>%1 of %2 steps</source>
        <translation>%1 von %2 Schritten</translation>
    </message>
    <message>
        <source>Building %1… step %2 of %3</source>
        <translation>%1 wird gebaut… Schritt %2 von %3</translation>
    </message>
    <message>
        <source>Building %1…</source>
        <translation>%1 wird gebaut…</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Keine Treffer</translation>
    </message>
    <message>
        <source>1 match</source>
        <translation>1 Treffer</translation>
    </message>
    <message>
        <source>%1 matches</source>
        <translation>%1 Treffer</translation>
    </message>
    <message>
        <source>Save Build Log</source>
        <translation>Build-Log speichern</translation>
    </message>
    <message>
        <source>Log files (*.log);;Text files (*.txt);;All files (*)</source>
        <translation>Log-Dateien (*.log);;Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Choose another folder or file name.</source>
        <translation>%1 konnte nicht geschrieben werden: %2. Einen anderen Ordner oder Dateinamen wählen.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::BuildPage</name>
    <message>
        <source>This connection cannot build images</source>
        <translation>Über diese Verbindung lassen sich keine Images bauen</translation>
    </message>
    <message>
        <source>Save the Dockerfile first: its folder is the build context.</source>
        <translation>Zuerst das Dockerfile speichern: Sein Ordner ist der Build-Kontext.</translation>
    </message>
    <message>
        <source>Cannot prepare the template&apos;s folder %1: %2</source>
        <translation>Der Ordner %1 für die Vorlage kann nicht vorbereitet werden: %2</translation>
    </message>
    <message>
        <source>Built &lt;b&gt;%1&lt;/b&gt; (%2). &lt;a href=&quot;image:%1&quot;&gt;Show it in Images&lt;/a&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; gebaut (%2). &lt;a href=&quot;image:%1&quot;&gt;Unter Images anzeigen&lt;/a&gt;</translation>
    </message>
    <message>
        <source>%1 (docker build)</source>
        <translation>%1 (docker build)</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ClockBar</name>
    <message>
        <source>Simulation</source>
        <translation>Simulation</translation>
    </message>
    <message>
        <source>Simulated time in UTC. Pods, pulls and events follow this clock.</source>
        <translation>Simulierte Zeit in UTC. Pods, Image-Downloads und Ereignisse richten sich nach dieser Uhr.</translation>
    </message>
    <message>
        <source>Pause and run the next simulated step (F10)</source>
        <translation>Anhalten und den nächsten simulierten Schritt ausführen (F10)</translation>
    </message>
    <message>
        <source>How fast simulated time runs compared with real time</source>
        <translation>Wie schnell die simulierte Zeit im Vergleich zur Echtzeit vergeht</translation>
    </message>
    <message>
        <source>Resume the simulation (Ctrl+Space)</source>
        <translation>Simulation fortsetzen (Strg+Leertaste)</translation>
    </message>
    <message>
        <source>Pause the simulation (Ctrl+Space)</source>
        <translation>Simulation anhalten (Strg+Leertaste)</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ClusterMap</name>
    <message>
        <source>Cluster map</source>
        <translation>Cluster-Karte</translation>
    </message>
    <message>
        <source>(no image)</source>
        <translation>(kein Image)</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ClusterMapChip</name>
    <message>
        <source>Namespace: %1</source>
        <translation>Namespace: %1</translation>
    </message>
    <message>
        <source>Status: %1 (%2 ready)</source>
        <translation>Status: %1 (%2 bereit)</translation>
    </message>
    <message>
        <source>Node: %1</source>
        <translation>Knoten: %1</translation>
    </message>
    <message>
        <source>not scheduled yet</source>
        <translation>noch keinem Knoten zugewiesen</translation>
    </message>
    <message>
        <source>Image: %1</source>
        <translation>Image: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ClusterMapLegend</name>
    <message>
        <source>VERSIONS</source>
        <translation>VERSIONEN</translation>
    </message>
    <message>
        <source>no workloads yet — apply a Deployment to see its pods here</source>
        <translation>noch keine Workloads – ein Deployment anwenden, um seine Pods hier zu sehen</translation>
    </message>
    <message>
        <source>system</source>
        <translation>System</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Pending / creating</source>
        <translation>Wartend / wird erstellt</translation>
    </message>
    <message>
        <source>Terminating</source>
        <translation>Wird beendet</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ClusterMapPanel</name>
    <message>
        <source>Pods that no node has been found for yet. The scheduler places each pod on a node where its resource requests fit; until then it stays Pending.</source>
        <translation>Pods, für die noch kein Knoten gefunden wurde. Der Scheduler setzt jeden Pod auf einen Knoten, auf den seine Ressourcenanforderungen passen; bis dahin bleibt er Pending.</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Roles: %1</source>
        <translation>Rollen: %1</translation>
    </message>
    <message>
        <source>Pods: %1</source>
        <translation>Pods: %1</translation>
    </message>
    <message>
        <source>CPU requested: %1</source>
        <translation>Angeforderte CPU: %1</translation>
    </message>
    <message>
        <source>Memory requested: %1</source>
        <translation>Angeforderter Speicher: %1</translation>
    </message>
    <message>
        <source>Internal IP: %1, kubelet %2</source>
        <translation>Interne IP: %1, Kubelet %2</translation>
    </message>
    <message>
        <source>Unscheduled</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message>
        <source>Pending pods waiting for a node</source>
        <translation>Wartende Pods ohne Knoten</translation>
    </message>
    <message>
        <source>worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>%1 pods</source>
        <translation>%1 Pods</translation>
    </message>
    <message>
        <source>Not ready: the kubelet stopped reporting</source>
        <translation>Nicht bereit: das Kubelet meldet sich nicht mehr</translation>
    </message>
    <message>
        <source>Cordoned: no new pods are scheduled here</source>
        <translation>Abgeriegelt: hier werden keine neuen Pods eingeplant</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>No pods</source>
        <translation>Keine Pods</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ContainerEnvView</name>
    <message>
        <source>Reveal Secret values</source>
        <translation>Secret-Werte anzeigen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Mounted file</source>
        <translation>Eingebundene Datei</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>The container whose environment is shown</source>
        <translation>Der Container, dessen Umgebung angezeigt wird</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Select a file to see its content</source>
        <translation>Eine Datei auswählen, um ihren Inhalt zu sehen</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>ConfigMap and Secret files</source>
        <translation>ConfigMap- und Secret-Dateien</translation>
    </message>
    <message>
        <source>manifest</source>
        <translation>Manifest</translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n Byte</numerusform>
            <numerusform>%n Bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ContainerLogView</name>
    <message>
        <source>Previous</source>
        <translation>Vorheriger Lauf</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Mitverfolgen</translation>
    </message>
    <message>
        <source>The container whose log is shown</source>
        <translation>Der Container, dessen Log angezeigt wird</translation>
    </message>
    <message>
        <source>The log of the run before the last restart (kubectl logs --previous)</source>
        <translation>Das Log des Laufs vor dem letzten Neustart (kubectl logs --previous)</translation>
    </message>
    <message>
        <source>Show new lines as they come (kubectl logs -f)</source>
        <translation>Neue Zeilen anzeigen, sobald sie eintreffen (kubectl logs -f)</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Following</source>
        <translation>Wird mitverfolgt</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ContainersPage</name>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>&amp;Timestamps</source>
        <translation>&amp;Zeitstempel</translation>
    </message>
    <message>
        <source>&amp;Run…</source>
        <translation>&amp;Ausführen…</translation>
    </message>
    <message>
        <source>Start a new container from an image (docker run)</source>
        <translation>Einen neuen Container aus einem Image starten (docker run)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Start the selected container again (docker start)</source>
        <translation>Den ausgewählten Container wieder starten (docker start)</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>St&amp;oppen</translation>
    </message>
    <message>
        <source>Stop the selected container: SIGTERM, then SIGKILL after 10 s (docker stop)</source>
        <translation>Den ausgewählten Container stoppen: SIGTERM, nach 10 s SIGKILL (docker stop)</translation>
    </message>
    <message>
        <source>R&amp;estart</source>
        <translation>N&amp;eu starten</translation>
    </message>
    <message>
        <source>Stop the selected container and start it again (docker restart)</source>
        <translation>Den ausgewählten Container stoppen und wieder starten (docker restart)</translation>
    </message>
    <message>
        <source>&amp;Kill</source>
        <translation>Sofort beenden (&amp;kill)</translation>
    </message>
    <message>
        <source>End the selected container at once with SIGKILL: exit code 137 (docker kill)</source>
        <translation>Den ausgewählten Container sofort mit SIGKILL beenden: Exit-Code 137 (docker kill)</translation>
    </message>
    <message>
        <source>Re&amp;move…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>Remove the selected container, killing it first if it runs (docker rm) (Del)</source>
        <translation>Den ausgewählten Container entfernen, einen laufenden vorher beenden (docker rm) (Entf)</translation>
    </message>
    <message>
        <source>Open in &amp;Browser</source>
        <translation>Im &amp;Browser öffnen</translation>
    </message>
    <message>
        <source>Open the selected container&apos;s published port at http://localhost:PORT/</source>
        <translation>Den veröffentlichten Port des ausgewählten Containers unter http://localhost:PORT/ öffnen</translation>
    </message>
    <message>
        <source>Copy &amp;docker Command</source>
        <translation>&amp;docker-Befehl kopieren</translation>
    </message>
    <message>
        <source>Copy a docker command for the selected container: docker logs -f NAME, or another from the menu</source>
        <translation>Einen docker-Befehl für den ausgewählten Container kopieren: docker logs -f NAME oder einen anderen aus dem Menü</translation>
    </message>
    <message>
        <source>docker logs -f: follow its log</source>
        <translation>docker logs -f: sein Log mitverfolgen</translation>
    </message>
    <message>
        <source>docker port: its published ports</source>
        <translation>docker port: seine veröffentlichten Ports</translation>
    </message>
    <message>
        <source>docker inspect: everything about it</source>
        <translation>docker inspect: alles über ihn</translation>
    </message>
    <message>
        <source>docker stop</source>
        <translation>docker stop</translation>
    </message>
    <message>
        <source>docker rm -f: remove it, running or not</source>
        <translation>docker rm -f: ihn entfernen, ob er läuft oder nicht</translation>
    </message>
    <message>
        <source>docker run: make the same container</source>
        <translation>docker run: denselben Container erstellen</translation>
    </message>
    <message>
        <source>Simulated: the programs do not really run; published ports are real ports on this computer, answered by the sandbox.</source>
        <translation>Simuliert: Die Programme laufen nicht wirklich; veröffentlichte Ports sind echte Ports auf diesem Computer, beantwortet von der Sandbox.</translation>
    </message>
    <message>
        <source>The container&apos;s output (docker logs) shows here.</source>
        <translation>Hier erscheint die Ausgabe des Containers (docker logs).</translation>
    </message>
    <message>
        <source>Show the time of each line (docker logs -t)</source>
        <translation>Die Zeit jeder Zeile anzeigen (docker logs -t)</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>No containers yet</source>
        <translation>Noch keine Container</translation>
    </message>
    <message>
        <source>No Docker containers here</source>
        <translation>Hier gibt es keine Docker-Container</translation>
    </message>
    <message>
        <source>A container is a running instance of an image: its own process, files and network, started from the image&apos;s read-only layers. Run one from an image of the sandbox:</source>
        <translation>Ein Container ist eine laufende Instanz eines Images: ein eigener Prozess mit eigenen Dateien und eigenem Netzwerk, gestartet aus den schreibgeschützten Schichten des Images. Starten Sie einen aus einem Image der Sandbox:</translation>
    </message>
    <message>
        <source>Only the sandbox runs Docker containers. Switch to a sandbox (Ctrl+K) to run some.</source>
        <translation>Nur die Sandbox führt Docker-Container aus. Wechseln Sie zu einer Sandbox (Strg+K), um welche zu starten.</translation>
    </message>
    <message>
        <source>Run Container…</source>
        <translation>Container ausführen…</translation>
    </message>
    <message>
        <source>or in a terminal, with DOCKER_HOST set as File ▸ Use with kubectl and docker… shows:</source>
        <translation>oder in einem Terminal, mit DOCKER_HOST wie unter Datei ▸ Mit kubectl und docker verwenden… gezeigt:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copied “%1”</source>
        <translation>„%1“ kopiert</translation>
    </message>
    <message>
        <source>Containers in the sandbox are simulated: nothing is executed, but their logs, states, restarts and published ports behave as Docker&apos;s do.</source>
        <translation>Container in der Sandbox sind simuliert: Nichts wird ausgeführt, aber ihre Logs, Zustände, Neustarts und veröffentlichten Ports verhalten sich wie bei Docker.</translation>
    </message>
    <message>
        <source>Following: new lines every second</source>
        <translation>Mitverfolgen: jede Sekunde neue Zeilen</translation>
    </message>
    <message>
        <source>Not running: no new lines</source>
        <translation>Läuft nicht: keine neuen Zeilen</translation>
    </message>
    <message>
        <source>No container selected</source>
        <translation>Kein Container ausgewählt</translation>
    </message>
    <message>
        <source>Select a container to see its state, ports and log.</source>
        <translation>Wählen Sie einen Container aus, um seinen Zustand, seine Ports und sein Log zu sehen.</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>ein freier Port</translation>
    </message>
    <message>
        <source>published while it runs</source>
        <translation>veröffentlicht, solange er läuft</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Ports</translation>
    </message>
    <message>
        <source>none published</source>
        <translation>keine veröffentlicht</translation>
    </message>
    <message>
        <source> (at most %1 times)</source>
        <translation> (höchstens %1-mal)</translation>
    </message>
    <message>
        <source>Restart policy</source>
        <translation>Neustart-Richtlinie</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <source>killed for using too much memory (OOMKilled)</source>
        <translation>beendet, weil er zu viel Speicher brauchte (OOMKilled)</translation>
    </message>
    <message>
        <source>ended normally</source>
        <translation>normal beendet</translation>
    </message>
    <message>
        <source>killed (SIGKILL)</source>
        <translation>abgebrochen (SIGKILL)</translation>
    </message>
    <message>
        <source>terminated (SIGTERM)</source>
        <translation>beendet (SIGTERM)</translation>
    </message>
    <message>
        <source>ended with an error</source>
        <translation>mit einem Fehler beendet</translation>
    </message>
    <message>
        <source>Exit code</source>
        <translation>Exit-Code</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP-Adresse</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Container ID</source>
        <translation>Container-ID</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Select a container in Containers first.</source>
        <translation>Zuerst einen Container unter „Container“ auswählen.</translation>
    </message>
    <message>
        <source>Start failed</source>
        <translation>Starten fehlgeschlagen</translation>
    </message>
    <message>
        <source>Stop failed</source>
        <translation>Stoppen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Restart failed</source>
        <translation>Neustart fehlgeschlagen</translation>
    </message>
    <message>
        <source>Kill failed</source>
        <translation>Beenden fehlgeschlagen</translation>
    </message>
    <message>
        <source>Remove Container</source>
        <translation>Container entfernen</translation>
    </message>
    <message>
        <source>Remove container %1?</source>
        <translation>Container %1 entfernen?</translation>
    </message>
    <message>
        <source>It is running: it is killed first (docker rm -f). Its log goes with it.</source>
        <translation>Er läuft: Er wird zuerst beendet (docker rm -f). Sein Log wird mit entfernt.</translation>
    </message>
    <message>
        <source>Its log goes with it. The image stays.</source>
        <translation>Sein Log wird mit entfernt. Das Image bleibt.</translation>
    </message>
    <message>
        <source>&amp;Kill and Remove</source>
        <translation>&amp;Beenden und entfernen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Remove failed</source>
        <translation>Entfernen fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 publishes no port: run it with one, such as 3000:8080.</source>
        <translation>%1 veröffentlicht keinen Port: Starten Sie ihn mit einem, etwa 3000:8080.</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 geöffnet</translation>
    </message>
    <message>
        <source>Real containers of %1: their programs run, and stopping or removing one really stops or removes it.</source>
        <translation>Echte Container von %1: Ihre Programme laufen wirklich, und Stoppen oder Entfernen stoppt oder entfernt sie tatsächlich.</translation>
    </message>
    <message>
        <source>A container is a running instance of an image: its own process, files and network, started from the image&apos;s read-only layers. Run one from an image of the Docker engine:</source>
        <translation>Ein Container ist eine laufende Instanz eines Images: eigener Prozess, eigene Dateien und eigenes Netzwerk, gestartet aus den schreibgeschützten Schichten des Images. Starten Sie einen aus einem Image der Docker-Engine:</translation>
    </message>
    <message>
        <source>or in a terminal, with the docker CLI of this engine:</source>
        <translation>oder in einem Terminal, mit der docker-CLI dieser Engine:</translation>
    </message>
    <message>
        <source>These are the engine&apos;s own containers: what you run here runs for real.</source>
        <translation>Dies sind die eigenen Container der Engine: Was Sie hier starten, läuft wirklich.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::DeployWizard</name>
    <message>
        <source>plain Kubernetes</source>
        <translation>einfaches Kubernetes</translation>
    </message>
    <message>
        <source>Argo Rollouts</source>
        <translation>Argo Rollouts</translation>
    </message>
    <message>
        <source>Flagger</source>
        <translation>Flagger</translation>
    </message>
    <message>
        <source>Deploy</source>
        <translation>Deployen</translation>
    </message>
    <message>
        <source>&amp;Deploy</source>
        <translation>&amp;Deployen</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>Not connected to a cluster.</source>
        <translation>Nicht mit einem Cluster verbunden.</translation>
    </message>
    <message>
        <source>The backend refused the deployment without saying why.</source>
        <translation>Das Backend hat das Deployment ohne Angabe von Gründen abgelehnt.</translation>
    </message>
    <message>
        <source>No %1 export: %2</source>
        <translation>Kein Export für %1: %2</translation>
    </message>
    <message>
        <source>Export as %1</source>
        <translation>Als %1 exportieren</translation>
    </message>
    <message>
        <source>The same plan for a cluster without Flotilla. The comments at the top say what this format cannot express and how to drive the rollout there.</source>
        <translation>Derselbe Plan für einen Cluster ohne Flotilla. Die Kommentare am Anfang sagen, was dieses Format nicht ausdrücken kann und wie sich das Rollout dort steuern lässt.</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>&amp;Speichern…</translation>
    </message>
    <message>
        <source>Save Export</source>
        <translation>Export speichern</translation>
    </message>
    <message>
        <source>YAML files (*.yaml *.yml)</source>
        <translation>YAML-Dateien (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>%1 konnte nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Gespeichert unter %1</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::DetailsPane</name>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>Nichts ausgewählt</translation>
    </message>
    <message>
        <source>Select a row to see its details and YAML. Apply YAML (Ctrl+Shift+A) creates new objects.</source>
        <translation>Wählen Sie eine Zeile aus, um ihre Details und ihr YAML anzuzeigen. „YAML anwenden“ (Strg+Umschalt+A) erstellt neue Objekte.</translation>
    </message>
    <message>
        <source>in</source>
        <translation>in</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>not scheduled yet</source>
        <translation>noch nicht eingeplant</translation>
    </message>
    <message>
        <source>Pod IP</source>
        <translation>Pod-IP</translation>
    </message>
    <message>
        <source>Host IP</source>
        <translation>Host-IP</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>Neustarts</translation>
    </message>
    <message>
        <source>Controlled by</source>
        <translation>Gesteuert von</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>requests: cpu %1, memory %2</source>
        <translation>Anforderungen: CPU %1, Speicher %2</translation>
    </message>
    <message>
        <source>ports: %1</source>
        <translation>Ports: %1</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Bedingungen</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Rollen</translation>
    </message>
    <message>
        <source>Internal IP</source>
        <translation>Interne IP</translation>
    </message>
    <message>
        <source>Kubelet</source>
        <translation>Kubelet</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <source>%1 CPU, %2 memory, %3 pods</source>
        <translation>%1 CPU, %2 Speicher, %3 Pods</translation>
    </message>
    <message>
        <source>Allocatable</source>
        <translation>Zuweisbar</translation>
    </message>
    <message>
        <source>Taints</source>
        <translation>Taints</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>Runtime</translation>
    </message>
    <message>
        <source>simulated by the Flotilla sandbox</source>
        <translation>simuliert durch die Flotilla-Sandbox</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>Digest</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>Plattform</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>built-in catalog: the image&apos;s real configuration and size, without layers; the sandbox runs it as a simulated container</source>
        <translation>integrierter Katalog: echte Konfiguration und Größe des Images, ohne Layer; die Sandbox führt es als simulierten Container aus</translation>
    </message>
    <message>
        <source>Entrypoint</source>
        <translation>Einstiegspunkt</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Exposed ports</source>
        <translation>Freigegebene Ports</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadaten</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Deleting</source>
        <translation>Wird gelöscht</translation>
    </message>
    <message>
        <source>grace period ends %1</source>
        <translation>Schonfrist endet %1</translation>
    </message>
    <message>
        <source>UID</source>
        <translation>UID</translation>
    </message>
    <message>
        <source>Resource version</source>
        <translation>Ressourcenversion</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Earlier events: %1 more in the Events view</source>
        <translation>Frühere Ereignisse: %1 weitere in der Ereignisansicht</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>Arbeitsverzeichnis</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Base image</source>
        <translation>Basis-Image</translation>
    </message>
    <message>
        <source>%1 (catalog image; its layers are not stored)</source>
        <translation>%1 (Katalog-Image; seine Layer werden nicht gespeichert)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>no layer</source>
        <translation>kein Layer</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Replikate</translation>
    </message>
    <message>
        <source>%1 wanted · %2 updated · %3 ready · %4 available</source>
        <translation>%1 gewünscht · %2 aktualisiert · %3 bereit · %4 verfügbar</translation>
    </message>
    <message>
        <source>max surge %1, max unavailable %2</source>
        <translation>bis zu %1 zusätzlich, höchstens %2 nicht verfügbar</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>Min ready</source>
        <translation>Mindestens bereit</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>Rollout</translation>
    </message>
    <message>
        <source>paused: template changes wait until it is resumed</source>
        <translation>pausiert: Änderungen am Template warten, bis er fortgesetzt wird</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Pod labels</source>
        <translation>Pod-Labels</translation>
    </message>
    <message>
        <source>Scheduling</source>
        <translation>Einplanung</translation>
    </message>
    <message>
        <source>Placed on &lt;b&gt;%1&lt;/b&gt;: %2 of %3 nodes checked could take it; the highest score won.</source>
        <translation>Platziert auf &lt;b&gt;%1&lt;/b&gt;: %2 von %3 geprüften Knoten kamen infrage; die höchste Punktzahl gab den Ausschlag.</translation>
    </message>
    <message>
        <source>(In a cluster of %1 nodes, the scheduler checks only part of them.)</source>
        <translation>(In einem Cluster mit %1 Knoten prüft der Scheduler nur einen Teil davon.)</translation>
    </message>
    <message>
        <source>No node could take it. Why, node by node:</source>
        <translation>Kein Knoten kam infrage. Die Gründe, Knoten für Knoten:</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Frei</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Ausgleich</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>Verteilung</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Free: least allocated CPU and memory. Balance: CPU and memory used alike. Spread: fewer pods of the same owner there (counts double). Image: the image is already on the node.</source>
        <translation>Frei: CPU und Speicher am wenigsten belegt. Ausgleich: CPU und Speicher gleich stark belegt. Verteilung: dort weniger Pods desselben Eigentümers (zählt doppelt). Image: Das Image liegt schon auf dem Knoten.</translation>
    </message>
    <message>
        <source>Show or hide this Secret&apos;s values. They stay hidden in the table and the YAML until you reveal them.</source>
        <translation>Die Werte dieses Secrets anzeigen oder verbergen. In der Tabelle und im YAML bleiben sie verborgen, bis sie ausdrücklich angezeigt werden.</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>Hide Values</source>
        <translation>Werte verbergen</translation>
    </message>
    <message>
        <source>Reveal Values</source>
        <translation>Werte anzeigen</translation>
    </message>
    <message numerus="yes">
        <source>… %n more line(s): see the YAML tab</source>
        <translation>
            <numerusform>… %n weitere Zeile: siehe Registerkarte YAML</numerusform>
            <numerusform>… %n weitere Zeilen: siehe Registerkarte YAML</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %n more character(s): see the YAML tab</source>
        <translation>
            <numerusform>… %n weiteres Zeichen: siehe Registerkarte YAML</numerusform>
            <numerusform>… %n weitere Zeichen: siehe Registerkarte YAML</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 wanted · %2 current · %3 ready · %4 available</source>
        <translation>%1 gewünscht · %2 vorhanden · %3 bereit · %4 verfügbar</translation>
    </message>
    <message>
        <source>revision %1</source>
        <translation>Revision %1</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>an earlier revision, kept scaled to zero so that the Deployment can roll back to it</source>
        <translation>eine frühere Revision, auf null skaliert aufbewahrt, damit das Deployment auf sie zurückrollen kann</translation>
    </message>
    <message>
        <source>Mounted as a volume, each key becomes a file of that name; as environment (envFrom), each key becomes a variable.</source>
        <translation>Als Volume eingebunden, wird jeder Schlüssel zu einer gleichnamigen Datei; als Umgebung (envFrom) wird jeder Schlüssel zu einer Variablen.</translation>
    </message>
    <message>
        <source>Files (%1)</source>
        <translation>Dateien (%1)</translation>
    </message>
    <message>
        <source>No data.</source>
        <translation>Keine Daten.</translation>
    </message>
    <message>
        <source>binary, %1</source>
        <translation>binär, %1</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Werte</translation>
    </message>
    <message>
        <source>revealed: anyone who sees the screen can read them</source>
        <translation>sichtbar: Jeder, der den Bildschirm sieht, kann sie lesen</translation>
    </message>
    <message>
        <source>hidden (Reveal Values shows them)</source>
        <translation>verborgen (mit „Werte anzeigen“ sichtbar)</translation>
    </message>
    <message>
        <source>Data (%1)</source>
        <translation>Daten (%1)</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::DockerfileEditor</name>
    <message>
        <source>FROM alpine:3.19
RUN apk add --no-cache curl
CMD [&quot;sh&quot;]

Start typing, press Ctrl+Space for instructions, or choose a template.</source>
        <translation>FROM alpine:3.19
RUN apk add --no-cache curl
CMD [&quot;sh&quot;]

Einfach lostippen, mit Strg+Leertaste Anweisungen einfügen oder eine Vorlage wählen.</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>Stil</translation>
    </message>
    <message>
        <source>Quick fix (Ctrl+.): %1</source>
        <translation>Schnellkorrektur (Strg+.): %1</translation>
    </message>
    <message>
        <source>Example:</source>
        <translation>Beispiel:</translation>
    </message>
    <message>
        <source>Quick fix: %1</source>
        <translation>Schnellkorrektur: %1</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is a folder; choose the Dockerfile inside it.</source>
        <translation>%1 ist ein Ordner; das Dockerfile darin wählen.</translation>
    </message>
    <message>
        <source>%1 is %2 KiB; the editor opens files up to 1 MiB. Is this really a Dockerfile?</source>
        <translation>%1 ist %2 KiB groß; der Editor öffnet Dateien bis 1 MiB. Ist das wirklich ein Dockerfile?</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is larger than 1 MiB; the editor opens files up to 1 MiB.</source>
        <translation>%1 ist größer als 1 MiB; der Editor öffnet Dateien bis 1 MiB.</translation>
    </message>
    <message>
        <source>%1 looks like a binary file (it contains NUL bytes); only text Dockerfiles can be opened.</source>
        <translation>%1 scheint eine Binärdatei zu sein (sie enthält NUL-Bytes); nur Dockerfiles im Textformat lassen sich öffnen.</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text (invalid byte at offset %2); save it as UTF-8 and open it again.</source>
        <translation>%1 ist kein UTF-8-Text (ungültiges Byte an Offset %2); die Datei als UTF-8 speichern und erneut öffnen.</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Node.js microservice</source>
        <translation>Node.js-Microservice</translation>
    </message>
    <message>
        <source>The course&apos;s example: an Express app on node:14-alpine, port 8080</source>
        <translation>Das Beispiel des Kurses: eine Express-App auf node:14-alpine, Port 8080</translation>
    </message>
    <message>
        <source>Python web app (Flask)</source>
        <translation>Python-Web-App (Flask)</translation>
    </message>
    <message>
        <source>Flask on python:3.12-slim, dependencies cached in their own layer, non-root user, port 5000</source>
        <translation>Flask auf python:3.12-slim, Abhängigkeiten in einem eigenen Layer gecacht, Nicht-root-Benutzer, Port 5000</translation>
    </message>
    <message>
        <source>Go, multi-stage build</source>
        <translation>Go, Multi-Stage-Build</translation>
    </message>
    <message>
        <source>Compiled in golang:1.22-alpine, shipped as a small static binary on alpine:3.19</source>
        <translation>In golang:1.22-alpine kompiliert, als kleines statisches Binary auf alpine:3.19 ausgeliefert</translation>
    </message>
    <message>
        <source>Static site with nginx</source>
        <translation>Statische Website mit nginx</translation>
    </message>
    <message>
        <source>HTML pages served by nginx:1.25-alpine with a small server configuration</source>
        <translation>HTML-Seiten, ausgeliefert von nginx:1.25-alpine mit einer kleinen Serverkonfiguration</translation>
    </message>
    <message>
        <source>There is no template called &quot;%1&quot;.</source>
        <translation>Es gibt keine Vorlage namens „%1“.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::DockerfilePane</name>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Build…</source>
        <translation>&amp;Bauen…</translation>
    </message>
    <message>
        <source>Empty Dockerfile</source>
        <translation>Leeres Dockerfile</translation>
    </message>
    <message>
        <source>New from Template</source>
        <translation>Neu aus Vorlage</translation>
    </message>
    <message>
        <source>Start a new Dockerfile from a template with a buildable app</source>
        <translation>Ein neues Dockerfile aus einer Vorlage mit einer baubaren App beginnen</translation>
    </message>
    <message>
        <source>Open a Dockerfile (Ctrl+O)</source>
        <translation>Ein Dockerfile öffnen (Strg+O)</translation>
    </message>
    <message>
        <source>Save the Dockerfile (Ctrl+S)</source>
        <translation>Das Dockerfile speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Build an image from this Dockerfile (Ctrl+B)</source>
        <translation>Ein Image aus diesem Dockerfile bauen (Strg+B)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>The template &quot;%1&quot; could not be loaded.</source>
        <translation>Die Vorlage „%1“ konnte nicht geladen werden.</translation>
    </message>
    <message>
        <source>Save Dockerfile</source>
        <translation>Dockerfile speichern</translation>
    </message>
    <message>
        <source>Dockerfiles (Dockerfile *.Dockerfile Dockerfile.*);;All files (*)</source>
        <translation>Dockerfiles (Dockerfile *.Dockerfile Dockerfile.*);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Write the App Files?</source>
        <translation>App-Dateien schreiben?</translation>
    </message>
    <message>
        <source>The template builds with these files next to the Dockerfile:

%1

Write them into %2?</source>
        <translation>Die Vorlage braucht zum Bauen diese Dateien neben dem Dockerfile:

%1

Die Dateien in %2 schreiben?</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Open Dockerfile</source>
        <translation>Dockerfile öffnen</translation>
    </message>
    <message>
        <source>Dockerfiles (Dockerfile *.Dockerfile Dockerfile.* Containerfile);;All files (*)</source>
        <translation>Dockerfiles (Dockerfile *.Dockerfile Dockerfile.* Containerfile);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The Dockerfile has changes that are not saved. Save them first?</source>
        <translation>Das Dockerfile hat ungespeicherte Änderungen. Zuerst speichern?</translation>
    </message>
    <message>
        <source>No problems</source>
        <translation>Keine Probleme</translation>
    </message>
    <message>
        <source>1 problem</source>
        <translation>1 Problem</translation>
    </message>
    <message>
        <source>%1 problems</source>
        <translation>%1 Probleme</translation>
    </message>
    <message>
        <source>%1 · Ln %2, Col %3</source>
        <translation>%1 · Z. %2, Sp. %3</translation>
    </message>
    <message>
        <source>%1 errors, %2 warnings, %3 notes</source>
        <translation>%1 Fehler, %2 Warnungen, %3 Hinweise</translation>
    </message>
    <message>
        <source>Untitled (template: %1)</source>
        <translation>Unbenannt (Vorlage: %1)</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Unbenannt</translation>
    </message>
    <message>
        <source> — modified</source>
        <translation> — geändert</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::EventTimeline</name>
    <message>
        <source>Event timeline</source>
        <translation>Ereignis-Zeitleiste</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>−%1 h</source>
        <translation>−%1 h</translation>
    </message>
    <message>
        <source>−%1 min</source>
        <translation>−%1 min</translation>
    </message>
    <message>
        <source>−%1 s</source>
        <translation>−%1 s</translation>
    </message>
    <message>
        <source>No events in the last %1 of simulated time.</source>
        <translation>Keine Ereignisse in den letzten %1 simulierter Zeit.</translation>
    </message>
    <message numerus="yes">
        <source>%n more object(s) with events; the table below lists them all</source>
        <translation>
            <numerusform>%n weiteres Objekt mit Ereignissen; die Tabelle unten führt alle auf</numerusform>
            <numerusform>%n weitere Objekte mit Ereignissen; die Tabelle unten führt alle auf</numerusform>
        </translation>
    </message>
    <message>
        <source>(warning)</source>
        <translation>(Warnung)</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ImageLayersView</name>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>Digest</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>A catalog image: Flotilla knows its configuration and its size (%1), not its layers.</source>
        <translation>Ein Katalog-Image: Flotilla kennt seine Konfiguration und Größe (%1), nicht aber seine Layer.</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s), %1 in all.</source>
        <translation>
            <numerusform>%n Layer, %1 insgesamt.</numerusform>
            <numerusform>%n Layer, %1 insgesamt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Built on the catalog image %1 (%2), whose layers are not stored.</source>
        <translation>Gebaut auf dem Katalog-Image %1 (%2), dessen Layer nicht gespeichert sind.</translation>
    </message>
    <message>
        <source>Simulated layers come from RUN steps the sandbox does not execute: their size is an estimate.</source>
        <translation>Simulierte Layer stammen aus RUN-Schritten, die die Sandbox nicht ausführt; ihre Größe ist geschätzt.</translation>
    </message>
    <message>
        <source>FROM %1 (catalog base)</source>
        <translation>FROM %1 (Katalog-Basis)</translation>
    </message>
    <message>
        <source>base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>simuliert</translation>
    </message>
    <message>
        <source>The sandbox recorded this RUN command instead of executing it; the size is an estimate. A real Docker Engine runs it for real.</source>
        <translation>Die Sandbox hat diesen RUN-Befehl nur festgehalten, statt ihn auszuführen; die Größe ist geschätzt. Eine echte Docker Engine führt ihn wirklich aus.</translation>
    </message>
    <message>
        <source>A real tar layer with the files from the build context</source>
        <translation>Ein echter tar-Layer mit den Dateien aus dem Build-Kontext</translation>
    </message>
    <message>
        <source>Size (MB)</source>
        <translation>Größe (MB)</translation>
    </message>
    <message>
        <source> (simulated)</source>
        <translation> (simuliert)</translation>
    </message>
    <message>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <source>Layer sizes</source>
        <translation>Layer-Größen</translation>
    </message>
    <message>
        <source>files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>simulated, cached</source>
        <translation>simuliert, aus dem Cache</translation>
    </message>
    <message>
        <source>files, cached</source>
        <translation>Dateien, aus dem Cache</translation>
    </message>
    <message>
        <source>The last build took this layer from the build cache.</source>
        <translation>Der letzte Build hat diesen Layer aus dem Build-Cache übernommen.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::KubectlDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>&amp;Try Again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Use with kubectl</source>
        <translation>Mit kubectl verwenden</translation>
    </message>
    <message>
        <source>Starting the sandbox&apos;s Kubernetes API…</source>
        <translation>Die Kubernetes-API der Sandbox wird gestartet …</translation>
    </message>
    <message>
        <source>export KUBECONFIG=…</source>
        <translation>export KUBECONFIG=…</translation>
    </message>
    <message>
        <source>Paste this line into a terminal: kubectl there talks to this sandbox.</source>
        <translation>Fügen Sie diese Zeile in ein Terminal ein: kubectl spricht dort mit dieser Sandbox.</translation>
    </message>
    <message>
        <source>Copy the line to the clipboard</source>
        <translation>Die Zeile in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Every change made with kubectl shows in this window as it happens. The server listens on 127.0.0.1 only and runs while Flotilla shows this sandbox; the kubeconfig holds its access token, readable by you alone.</source>
        <translation>Jede Änderung mit kubectl erscheint sofort in diesem Fenster. Der Server lauscht nur auf 127.0.0.1 und läuft, solange Flotilla diese Sandbox zeigt; die kubeconfig enthält sein Zugriffstoken und ist nur für Sie lesbar.</translation>
    </message>
    <message>
        <source>In a terminal:</source>
        <translation>In einem Terminal:</translation>
    </message>
    <message>
        <source>Then, for example:</source>
        <translation>Dann zum Beispiel:</translation>
    </message>
    <message>
        <source>The connection is closed.</source>
        <translation>Die Verbindung ist geschlossen.</translation>
    </message>
    <message>
        <source>The sandbox&apos;s Kubernetes API could not be started.</source>
        <translation>Die Kubernetes-API der Sandbox konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <source>The sandbox &lt;b&gt;%1&lt;/b&gt; answers the Kubernetes API at &lt;b&gt;%2&lt;/b&gt;. Its objects are simulated: kubectl sees nodes, pods and deployments, but no container really runs.</source>
        <translation>Die Sandbox &lt;b&gt;%1&lt;/b&gt; beantwortet die Kubernetes-API unter &lt;b&gt;%2&lt;/b&gt;. Ihre Objekte sind simuliert: kubectl sieht Knoten, Pods und Deployments, aber kein Container läuft wirklich.</translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation>K&amp;opieren</translation>
    </message>
    <message>
        <source>Use with kubectl and docker</source>
        <translation>Mit kubectl und docker verwenden</translation>
    </message>
    <message>
        <source>export DOCKER_HOST=unix://…</source>
        <translation>export DOCKER_HOST=unix://…</translation>
    </message>
    <message>
        <source>Paste this line into a terminal: docker there runs its containers in this sandbox.</source>
        <translation>Fügen Sie diese Zeile in ein Terminal ein: docker führt seine Container dort in dieser Sandbox aus.</translation>
    </message>
    <message>
        <source>Every change made with kubectl or docker shows in this window as it happens. The servers run while Flotilla shows this sandbox: the Kubernetes API on 127.0.0.1 only, its kubeconfig holding an access token readable by you alone; the Docker Engine API on a socket only you can open. Containers are simulated: their programs do not really run, their published ports are real.</source>
        <translation>Jede Änderung mit kubectl oder docker erscheint sofort in diesem Fenster. Die Server laufen, solange Flotilla diese Sandbox zeigt: die Kubernetes-API nur auf 127.0.0.1, ihre kubeconfig mit einem Zugriffstoken, das nur Sie lesen können; die Docker-Engine-API auf einem Socket, den nur Sie öffnen können. Container sind simuliert: Ihre Programme laufen nicht wirklich, ihre veröffentlichten Ports sind echt.</translation>
    </message>
    <message>
        <source>The sandbox&apos;s Docker Engine API could not be started: %1</source>
        <translation>Die Docker-Engine-API der Sandbox konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>The sandbox &lt;b&gt;%1&lt;/b&gt; answers the Kubernetes API at &lt;b&gt;%2&lt;/b&gt; and the Docker Engine API on a private socket. Its objects are simulated: kubectl sees nodes, pods and deployments, docker sees images and containers, but no program really runs.</source>
        <translation>Die Sandbox &lt;b&gt;%1&lt;/b&gt; beantwortet die Kubernetes-API unter &lt;b&gt;%2&lt;/b&gt; und die Docker-Engine-API auf einem privaten Socket. Ihre Objekte sind simuliert: kubectl sieht Knoten, Pods und Deployments, docker sieht Images und Container, aber kein Programm läuft wirklich.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::MainWindow</name>
    <message>
        <source>Flotilla</source>
        <translation>Flotilla</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Pods</source>
        <translation>Pods</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>No connection</source>
        <translation>Keine Verbindung</translation>
    </message>
    <message>
        <source>The built-in sandbox: a simulated cluster and container engine that runs inside Flotilla</source>
        <translation>Die integrierte Sandbox: ein simulierter Cluster samt Container-Engine, der innerhalb von Flotilla läuft</translation>
    </message>
    <message>
        <source>Opening sandbox %1…</source>
        <translation>Sandbox %1 wird geöffnet…</translation>
    </message>
    <message>
        <source>&amp;Apply YAML…</source>
        <translation>YAML &amp;anwenden…</translation>
    </message>
    <message>
        <source>Create or update objects from YAML (Ctrl+Shift+A)</source>
        <translation>Objekte aus YAML erstellen oder aktualisieren (Strg+Umschalt+A)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete the selected object (Del)</source>
        <translation>Ausgewähltes Objekt löschen (Entf)</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>&amp;Filtern</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Nodes</source>
        <translation>&amp;Knoten</translation>
    </message>
    <message>
        <source>&amp;Pods</source>
        <translation>&amp;Pods</translation>
    </message>
    <message>
        <source>&amp;Images</source>
        <translation>&amp;Images</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Ereignisse</translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation>&amp;Simulation</translation>
    </message>
    <message>
        <source>&amp;Pause / Resume</source>
        <translation>&amp;Anhalten / Fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Einzelschritt</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Flotilla</source>
        <translation>Ü&amp;ber Flotilla</translation>
    </message>
    <message>
        <source>About Flotilla</source>
        <translation>Über Flotilla</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Flotilla %1&lt;/h3&gt;&lt;p&gt;A desktop cluster manager with a built-in sandbox: a simulated Kubernetes-style cluster and container engine that runs offline, inside the app.&lt;/p&gt;&lt;p&gt;Objects in the sandbox are simulated: containers are not executed, image pulls and start-up take simulated time.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Flotilla %1&lt;/h3&gt;&lt;p&gt;Ein Desktop-Clustermanager mit integrierter Sandbox: ein simulierter Cluster im Kubernetes-Stil samt Container-Engine, der offline innerhalb der App läuft.&lt;/p&gt;&lt;p&gt;Objekte in der Sandbox sind simuliert: Container werden nicht ausgeführt, Image-Downloads und Starts benötigen simulierte Zeit.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Select an object to delete.</source>
        <translation>Wählen Sie ein Objekt zum Löschen aus.</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>%1 löschen</translation>
    </message>
    <message>
        <source>Delete %1 %2?</source>
        <translation>%1 %2 löschen?</translation>
    </message>
    <message>
        <source>Delete failed</source>
        <translation>Löschen fehlgeschlagen</translation>
    </message>
    <message>
        <source>The sandbox state needed attention:</source>
        <translation>Der Zustand der Sandbox erforderte Aufmerksamkeit:</translation>
    </message>
    <message>
        <source>The sandbox could not be opened.</source>
        <translation>Die Sandbox konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Sandbox %1 (simulated) · %2 of %3 nodes ready · %4 of %5 pods running</source>
        <translation>Sandbox %1 (simuliert) · %2 von %3 Knoten bereit · %4 von %5 Pods laufen</translation>
    </message>
    <message>
        <source>The machines of the cluster. The control plane decides (scheduling, desired state); worker nodes run the pods, each with a kubelet and a container runtime.</source>
        <translation>Die Maschinen des Clusters. Die Control Plane entscheidet (Einplanung, gewünschter Zustand); Worker-Knoten führen die Pods aus, jeder mit einem Kubelet und einer Container-Runtime.</translation>
    </message>
    <message>
        <source>The smallest thing Kubernetes runs: one or more containers that share an address and storage, placed on a node by the scheduler.</source>
        <translation>Die kleinste Einheit, die Kubernetes ausführt: ein oder mehrere Container mit gemeinsamer Adresse und gemeinsamem Speicher, vom Scheduler auf einem Knoten platziert.</translation>
    </message>
    <message>
        <source>Read-only templates that containers start from, built in layers from a Dockerfile.</source>
        <translation>Schreibgeschützte Vorlagen, aus denen Container starten, in Layern aus einem Dockerfile gebaut.</translation>
    </message>
    <message>
        <source>Saving the sandbox works again; nothing was lost.</source>
        <translation>Das Speichern der Sandbox funktioniert wieder; nichts ging verloren.</translation>
    </message>
    <message>
        <source>The sandbox cannot save its changes right now.</source>
        <translation>Die Sandbox kann ihre Änderungen gerade nicht speichern.</translation>
    </message>
    <message>
        <source>Flotilla keeps them and saves them as soon as it can.</source>
        <translation>Flotilla behält sie und speichert sie, sobald es wieder geht.</translation>
    </message>
    <message>
        <source>&amp;Edit YAML…</source>
        <translation>YAML &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Change the selected object as YAML and apply it (Ctrl+E)</source>
        <translation>Das ausgewählte Objekt als YAML ändern und anwenden (Strg+E)</translation>
    </message>
    <message>
        <source>&amp;Copy Name</source>
        <translation>&amp;Namen kopieren</translation>
    </message>
    <message>
        <source>Select an object to edit.</source>
        <translation>Wählen Sie ein Objekt zum Bearbeiten aus.</translation>
    </message>
    <message>
        <source>Copied “%1”</source>
        <translation>„%1“ kopiert</translation>
    </message>
    <message>
        <source>%1 — Flotilla</source>
        <translation>%1 — Flotilla</translation>
    </message>
    <message>
        <source>Sandbox %1</source>
        <translation>Sandbox %1</translation>
    </message>
    <message>
        <source>Built %1 (%2)</source>
        <translation>%1 gebaut (%2)</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>Write a Dockerfile and build it into an image: lint hints while you type, and a live build log that shows which steps the layer cache saved.</source>
        <translation>Ein Dockerfile schreiben und daraus ein Image bauen: Lint-Hinweise schon beim Tippen und ein Live-Build-Log, das zeigt, welche Schritte der Layer-Cache eingespart hat.</translation>
    </message>
    <message>
        <source>&amp;Build</source>
        <translation>&amp;Build</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>&amp;Image</translation>
    </message>
    <message>
        <source>&amp;Build Image…</source>
        <translation>Image &amp;bauen…</translation>
    </message>
    <message>
        <source>&amp;Tag Image…</source>
        <translation>Image &amp;taggen…</translation>
    </message>
    <message>
        <source>Select an image in Images to tag it.</source>
        <translation>Zum Taggen ein Image unter „Images“ auswählen.</translation>
    </message>
    <message>
        <source>Tag Image</source>
        <translation>Image taggen</translation>
    </message>
    <message>
        <source>New tag for %1:</source>
        <translation>Neuer Tag für %1:</translation>
    </message>
    <message>
        <source>Tag failed</source>
        <translation>Taggen fehlgeschlagen</translation>
    </message>
    <message>
        <source>&amp;Prune Images and Build Cache</source>
        <translation>Images und Build-Cache &amp;aufräumen</translation>
    </message>
    <message>
        <source>Prune</source>
        <translation>Aufräumen</translation>
    </message>
    <message>
        <source>Remove untagged images, the build cache and every layer no image uses?</source>
        <translation>Images ohne Tag, den Build-Cache und alle Layer entfernen, die kein Image verwendet?</translation>
    </message>
    <message>
        <source>Deployments</source>
        <translation>Deployments</translation>
    </message>
    <message>
        <source>Fail Node %1</source>
        <translation>Knoten %1 ausfallen lassen</translation>
    </message>
    <message>
        <source>Recover Node %1</source>
        <translation>Knoten %1 wiederherstellen</translation>
    </message>
    <message>
        <source>Cordon</source>
        <translation>Abriegeln</translation>
    </message>
    <message>
        <source>Uncordon</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Drain</source>
        <translation>Evakuieren</translation>
    </message>
    <message>
        <source>Crash Container</source>
        <translation>Container abstürzen lassen</translation>
    </message>
    <message>
        <source>Delete Pod %1</source>
        <translation>Pod %1 löschen</translation>
    </message>
    <message>
        <source>Cluster map</source>
        <translation>Cluster-Karte</translation>
    </message>
    <message>
        <source>Keep a number of identical pods running from one template, and replace them version by version in a rolling update: each version is a ReplicaSet.</source>
        <translation>Eine Anzahl identischer Pods aus einem Template am Laufen halten und sie per Rolling Update Version für Version ersetzen: Jede Version ist ein ReplicaSet.</translation>
    </message>
    <message>
        <source>The cluster at a glance: each node with what its pods request, and its pods coloured by status and by version. Right-click a node or a pod for faults and operations.</source>
        <translation>Der Cluster auf einen Blick: jeder Knoten mit den Anforderungen seiner Pods, die Pods nach Status und Version eingefärbt. Per Rechtsklick auf einen Knoten oder Pod lassen sich Fehler auslösen und Operationen ausführen.</translation>
    </message>
    <message>
        <source>&amp;Deployments</source>
        <translation>&amp;Deployments</translation>
    </message>
    <message>
        <source>Cluster &amp;Map</source>
        <translation>&amp;Cluster-Karte</translation>
    </message>
    <message>
        <source>&amp;Operations</source>
        <translation>&amp;Operationen</translation>
    </message>
    <message>
        <source>&amp;Fail Node</source>
        <translation>Knoten &amp;ausfallen lassen</translation>
    </message>
    <message>
        <source>Simulate a node failure: its kubelet stops; Kubernetes marks it NotReady after 40 s and moves its pods after 5 minutes</source>
        <translation>Einen Knotenausfall simulieren: Sein Kubelet stoppt; Kubernetes markiert ihn nach 40 s als NotReady und verlegt seine Pods nach 5 Minuten</translation>
    </message>
    <message>
        <source>&amp;Recover Node</source>
        <translation>Knoten &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>The failed node&apos;s kubelet works again</source>
        <translation>Das Kubelet des ausgefallenen Knotens arbeitet wieder</translation>
    </message>
    <message>
        <source>&amp;Cordon Node</source>
        <translation>Knoten ab&amp;riegeln</translation>
    </message>
    <message>
        <source>No new pods are scheduled to the node</source>
        <translation>Auf dem Knoten werden keine neuen Pods mehr eingeplant</translation>
    </message>
    <message>
        <source>&amp;Uncordon Node</source>
        <translation>Knoten &amp;freigeben</translation>
    </message>
    <message>
        <source>The node takes new pods again</source>
        <translation>Der Knoten nimmt wieder neue Pods an</translation>
    </message>
    <message>
        <source>&amp;Drain Node</source>
        <translation>Knoten &amp;evakuieren</translation>
    </message>
    <message>
        <source>Cordon the node and evict its pods; their controllers start them elsewhere</source>
        <translation>Den Knoten abriegeln und seine Pods verdrängen; ihre Controller starten sie auf anderen Knoten neu</translation>
    </message>
    <message>
        <source>Crash &amp;Container</source>
        <translation>&amp;Container abstürzen lassen</translation>
    </message>
    <message>
        <source>The selected pod&apos;s container exits with an error; the kubelet restarts it with back-off</source>
        <translation>Der Container des ausgewählten Pods beendet sich mit einem Fehler; das Kubelet startet ihn mit Back-off neu</translation>
    </message>
    <message>
        <source>&amp;Scale…</source>
        <translation>&amp;Skalieren…</translation>
    </message>
    <message>
        <source>&amp;Roll Back</source>
        <translation>&amp;Zurückrollen</translation>
    </message>
    <message>
        <source>Bring the previous revision of the selected Deployment back (kubectl rollout undo)</source>
        <translation>Die vorherige Revision des ausgewählten Deployments wiederherstellen (kubectl rollout undo)</translation>
    </message>
    <message>
        <source>Select a node in Nodes first.</source>
        <translation>Zuerst einen Knoten unter „Knoten“ auswählen.</translation>
    </message>
    <message>
        <source>Operation failed</source>
        <translation>Operation fehlgeschlagen</translation>
    </message>
    <message>
        <source>Select a pod in Pods first.</source>
        <translation>Zuerst einen Pod unter „Pods“ auswählen.</translation>
    </message>
    <message>
        <source>Select a Deployment in Deployments first.</source>
        <translation>Zuerst ein Deployment unter „Deployments“ auswählen.</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Skalieren</translation>
    </message>
    <message>
        <source>Replicas of %1:</source>
        <translation>Replikate von %1:</translation>
    </message>
    <message>
        <source>Scale failed</source>
        <translation>Skalieren fehlgeschlagen</translation>
    </message>
    <message>
        <source>Roll back failed</source>
        <translation>Zurückrollen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>ReplicaSets</source>
        <translation>ReplicaSets</translation>
    </message>
    <message>
        <source>ConfigMaps</source>
        <translation>ConfigMaps</translation>
    </message>
    <message>
        <source>Secrets</source>
        <translation>Secrets</translation>
    </message>
    <message>
        <source>Cut Off from the Control Plane</source>
        <translation>Von der Control Plane abtrennen</translation>
    </message>
    <message>
        <source>CPU Spike</source>
        <translation>CPU-Spitze</translation>
    </message>
    <message>
        <source>Memory Leak</source>
        <translation>Speicherleck</translation>
    </message>
    <message>
        <source>Clear Faults</source>
        <translation>Fehler aufheben</translation>
    </message>
    <message>
        <source>Fail Pulls of %1</source>
        <translation>Downloads von %1 fehlschlagen lassen</translation>
    </message>
    <message>
        <source>Let Pulls of %1 Work</source>
        <translation>Downloads von %1 wieder zulassen</translation>
    </message>
    <message>
        <source>A stable name and address for a changing set of pods: kube-proxy spreads requests over the ready ones. Send simulated traffic and watch the registry of healthy instances.</source>
        <translation>Ein fester Name und eine feste Adresse für eine wechselnde Gruppe von Pods: kube-proxy verteilt Anfragen auf die bereiten. Simulierten Traffic senden und die Registry der gesunden Instanzen beobachten.</translation>
    </message>
    <message>
        <source>Keep a number of pods from one template alive. A Deployment makes one per version of its template and scales them during a rollout; old ones stay, scaled to zero, for roll backs.</source>
        <translation>Eine Anzahl von Pods aus einem Template am Leben halten. Ein Deployment legt je Version seines Templates eines an und skaliert sie während eines Rollouts; alte bleiben, auf null skaliert, für ein Zurückrollen erhalten.</translation>
    </message>
    <message>
        <source>Configuration kept apart from the image, handed to pods as environment variables or as files.</source>
        <translation>Konfiguration, getrennt vom Image aufbewahrt und an Pods als Umgebungsvariablen oder Dateien übergeben.</translation>
    </message>
    <message>
        <source>Like ConfigMaps, for passwords, tokens and keys. Their values stay hidden until you reveal them.</source>
        <translation>Wie ConfigMaps, für Passwörter, Tokens und Schlüssel. Ihre Werte bleiben verborgen, bis sie ausdrücklich angezeigt werden.</translation>
    </message>
    <message>
        <source>What the cluster did and why: scheduling, image pulls, container starts, and failures, on a timeline of simulated time, with pods by phase over time.</source>
        <translation>Was der Cluster getan hat und warum: Einplanung, Image-Downloads, Container-Starts und Fehler, auf einer Zeitleiste in simulierter Zeit, dazu die Pods nach Phase im zeitlichen Verlauf.</translation>
    </message>
    <message>
        <source>A lane per object, the most recent on top · amber: warnings · simulated time: pause, step or speed it up in the status bar</source>
        <translation>Eine Spur je Objekt, die neueste oben · bernsteinfarben: Warnungen · simulierte Zeit: in der Statusleiste anhalten, schrittweise ausführen oder beschleunigen</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>Letzte Minute</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>Letzte 5 Minuten</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>How much simulated time the timeline shows</source>
        <translation>Wie viel simulierte Zeit die Zeitleiste zeigt</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>Pods by Phase</source>
        <translation>Pods nach Phase</translation>
    </message>
    <message>
        <source>Ser&amp;vices</source>
        <translation>Ser&amp;vices</translation>
    </message>
    <message>
        <source>&amp;ReplicaSets</source>
        <translation>&amp;ReplicaSets</translation>
    </message>
    <message>
        <source>&amp;ConfigMaps</source>
        <translation>Config&amp;Maps</translation>
    </message>
    <message>
        <source>&amp;Secrets</source>
        <translation>&amp;Secrets</translation>
    </message>
    <message>
        <source>Cut Node &amp;Off</source>
        <translation>Knoten ab&amp;trennen</translation>
    </message>
    <message>
        <source>Simulate a network partition: the node&apos;s pods keep running but it stops reporting; Kubernetes treats it as failed and starts its pods elsewhere</source>
        <translation>Eine Netzwerkpartition simulieren: Die Pods des Knotens laufen weiter, aber er meldet sich nicht mehr; Kubernetes behandelt ihn als ausgefallen und startet seine Pods auf anderen Knoten</translation>
    </message>
    <message>
        <source>CPU S&amp;pike</source>
        <translation>CPU-S&amp;pitze</translation>
    </message>
    <message>
        <source>The selected pod&apos;s containers use their CPU limit for 2 minutes; probes time out</source>
        <translation>Die Container des ausgewählten Pods schöpfen 2 Minuten lang ihr CPU-Limit aus; Probes laufen in Timeouts</translation>
    </message>
    <message>
        <source>&amp;Memory Leak</source>
        <translation>Speicher&amp;leck</translation>
    </message>
    <message>
        <source>The selected pod&apos;s containers leak memory until they are OOMKilled</source>
        <translation>Die Container des ausgewählten Pods belegen durch ein Speicherleck immer mehr Speicher, bis sie OOMKilled werden</translation>
    </message>
    <message>
        <source>Clear Pod &amp;Faults</source>
        <translation>Pod-Fehler auf&amp;heben</translation>
    </message>
    <message>
        <source>End the selected pod&apos;s CPU spike and memory leak</source>
        <translation>CPU-Spitze und Speicherleck des ausgewählten Pods beenden</translation>
    </message>
    <message>
        <source>Fail &amp;Image Pulls</source>
        <translation>&amp;Image-Downloads fehlschlagen lassen</translation>
    </message>
    <message>
        <source>Let Image Pulls &amp;Work</source>
        <translation>Image-&amp;Downloads wieder zulassen</translation>
    </message>
    <message>
        <source>Pulls of the selected pod&apos;s image fail (ErrImagePull, then ImagePullBackOff)</source>
        <translation>Downloads des Images des ausgewählten Pods schlagen fehl (ErrImagePull, dann ImagePullBackOff)</translation>
    </message>
    <message>
        <source>Pulls of the selected pod&apos;s image work again</source>
        <translation>Downloads des Images des ausgewählten Pods funktionieren wieder</translation>
    </message>
    <message>
        <source>Set Request &amp;Rate…</source>
        <translation>A&amp;nfragerate festlegen…</translation>
    </message>
    <message>
        <source>Send simulated traffic to the selected Service (requests per second)</source>
        <translation>Simulierten Traffic an den ausgewählten Service senden (Anfragen pro Sekunde)</translation>
    </message>
    <message>
        <source>Reveal the Secret&apos;s values (in its details) before editing it.</source>
        <translation>Vor dem Bearbeiten die Werte des Secrets (in seinen Details) anzeigen.</translation>
    </message>
    <message>
        <source>Remove Node %1…</source>
        <translation>Knoten %1 entfernen…</translation>
    </message>
    <message>
        <source>Add Nodes…</source>
        <translation>Knoten hinzufügen…</translation>
    </message>
    <message>
        <source>Add &amp;Nodes…</source>
        <translation>Knoten hinz&amp;ufügen…</translation>
    </message>
    <message>
        <source>Add worker nodes of a size preset (Small, Medium, Large) to the cluster</source>
        <translation>Worker-Knoten einer vordefinierten Größe (Klein, Mittel, Groß) zum Cluster hinzufügen</translation>
    </message>
    <message>
        <source>Re&amp;move Node…</source>
        <translation>&amp;Knoten entfernen…</translation>
    </message>
    <message>
        <source>Remove the selected node from the cluster; its pods&apos; controllers start them on other nodes</source>
        <translation>Den ausgewählten Knoten aus dem Cluster entfernen; die Controller seiner Pods starten sie auf anderen Knoten neu</translation>
    </message>
    <message>
        <source>&amp;Autoscale…</source>
        <translation>Auto&amp;matisch skalieren…</translation>
    </message>
    <message>
        <source>Scale the selected Deployment on its CPU use (a HorizontalPodAutoscaler)</source>
        <translation>Das ausgewählte Deployment anhand seiner CPU-Nutzung skalieren (ein HorizontalPodAutoscaler)</translation>
    </message>
    <message>
        <source>Traffic &amp;Weights…</source>
        <translation>Traffic-&amp;Gewichte…</translation>
    </message>
    <message>
        <source>Split the selected Service&apos;s requests over its versions by exact shares</source>
        <translation>Die Anfragen an den ausgewählten Service in exakten Anteilen auf seine Versionen aufteilen</translation>
    </message>
    <message>
        <source>Select a Service in Services first.</source>
        <translation>Zuerst einen Service unter „Services“ auswählen.</translation>
    </message>
    <message>
        <source>%1 nodes added</source>
        <translation>%1 Knoten hinzugefügt</translation>
    </message>
    <message>
        <source>No pods run on it.</source>
        <translation>Auf ihm laufen keine Pods.</translation>
    </message>
    <message>
        <source>Its pod is removed with it.</source>
        <translation>Sein Pod wird mit ihm entfernt.</translation>
    </message>
    <message>
        <source>Its %1 pods are removed with it.</source>
        <translation>Seine %1 Pods werden mit ihm entfernt.</translation>
    </message>
    <message>
        <source>Pods of a Deployment or ReplicaSet are rescheduled: their controllers start them again on other nodes.</source>
        <translation>Pods eines Deployments oder ReplicaSets werden neu eingeplant: Ihre Controller starten sie auf anderen Knoten neu.</translation>
    </message>
    <message>
        <source>1 pod without a controller will not come back.</source>
        <translation>1 Pod ohne Controller kommt nicht wieder.</translation>
    </message>
    <message>
        <source>%1 pods without a controller will not come back.</source>
        <translation>%1 Pods ohne Controller kommen nicht wieder.</translation>
    </message>
    <message>
        <source>To move its pods gracefully first, drain the node.</source>
        <translation>Um seine Pods vorher geordnet zu verlegen, den Knoten zuerst evakuieren.</translation>
    </message>
    <message>
        <source>Remove Node</source>
        <translation>Knoten entfernen</translation>
    </message>
    <message>
        <source>Remove node %1 from the cluster?</source>
        <translation>Knoten %1 aus dem Cluster entfernen?</translation>
    </message>
    <message>
        <source>&amp;Remove Node</source>
        <translation>Knoten &amp;entfernen</translation>
    </message>
    <message>
        <source>Remove node failed</source>
        <translation>Entfernen des Knotens fehlgeschlagen</translation>
    </message>
    <message>
        <source>Rollouts</source>
        <translation>Rollouts</translation>
    </message>
    <message>
        <source>Replace a version step by step under control: a canary gets a share of the requests, pauses until promoted, is measured, and becomes stable or is aborted. Right-click a rollout to promote, abort or retry it.</source>
        <translation>Eine Version kontrolliert Schritt für Schritt ersetzen: Ein Canary erhält einen Anteil der Anfragen, pausiert bis zum Promoten, wird gemessen und wird stabil oder abgebrochen. Per Rechtsklick auf ein Rollout lässt es sich promoten, abbrechen oder wiederholen.</translation>
    </message>
    <message>
        <source>R&amp;ollouts</source>
        <translation>R&amp;ollouts</translation>
    </message>
    <message>
        <source>R&amp;ollout</source>
        <translation>R&amp;ollout</translation>
    </message>
    <message>
        <source>&amp;Promote</source>
        <translation>&amp;Promoten</translation>
    </message>
    <message>
        <source>End the selected Rollout&apos;s current pause: its canary goes on to the next step</source>
        <translation>Die aktuelle Pause des ausgewählten Rollouts beenden: Sein Canary geht zum nächsten Schritt weiter</translation>
    </message>
    <message>
        <source>Promote &amp;Fully</source>
        <translation>&amp;Vollständig promoten</translation>
    </message>
    <message>
        <source>Skip the remaining steps: the canary takes all the requests and becomes stable</source>
        <translation>Die übrigen Schritte überspringen: Der Canary übernimmt alle Anfragen und wird stabil</translation>
    </message>
    <message>
        <source>&amp;Abort</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>Send every request back to the stable version and scale the canary to zero</source>
        <translation>Alle Anfragen wieder an die stabile Version senden und den Canary auf null skalieren</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Run the steps of an aborted Rollout again from the first</source>
        <translation>Die Schritte eines abgebrochenen Rollouts erneut ab dem ersten ausführen</translation>
    </message>
    <message>
        <source>Pa&amp;use</source>
        <translation>A&amp;nhalten</translation>
    </message>
    <message>
        <source>Hold the selected Rollout at its current step until resumed</source>
        <translation>Das ausgewählte Rollout bei seinem aktuellen Schritt anhalten, bis es fortgesetzt wird</translation>
    </message>
    <message>
        <source>Let a Rollout paused by hand go on with its steps</source>
        <translation>Ein von Hand angehaltenes Rollout mit seinen Schritten fortfahren lassen</translation>
    </message>
    <message>
        <source>Select a Rollout in Rollouts first.</source>
        <translation>Zuerst ein Rollout unter „Rollouts“ auswählen.</translation>
    </message>
    <message>
        <source>Rollout action failed</source>
        <translation>Rollout-Aktion fehlgeschlagen</translation>
    </message>
    <message>
        <source>Resu&amp;me</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Deployed %1 in namespace %2</source>
        <translation>%1 im Namespace %2 deployt</translation>
    </message>
    <message>
        <source>&amp;Deploy…</source>
        <translation>&amp;Deployen…</translation>
    </message>
    <message>
        <source>Deploy an image with a rolling update, blue/green or canary strategy (Ctrl+Shift+D)</source>
        <translation>Ein Image mit Rolling-Update-, Blue/Green- oder Canary-Strategie deployen (Strg+Umschalt+D)</translation>
    </message>
    <message>
        <source>Connected to %1 again.</source>
        <translation>Wieder mit %1 verbunden.</translation>
    </message>
    <message>
        <source>Cluster %1 answers with a problem.</source>
        <translation>Cluster %1 meldet ein Problem.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Cluster %1 · %2 of %3 nodes ready · %4 of %5 pods running</source>
        <translation>Cluster %1 · %2 von %3 Knoten bereit · %4 von %5 Pods laufen</translation>
    </message>
    <message>
        <source>Sandbox · simulated</source>
        <translation>Sandbox · simuliert</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>A Kubernetes cluster, reached through its API server</source>
        <translation>Ein Kubernetes-Cluster, erreicht über seinen API-Server</translation>
    </message>
    <message>
        <source>The sandbox or cluster this window shows (Ctrl+K switches): the sandboxes of this machine and the contexts of your kubeconfig</source>
        <translation>Die Sandbox oder der Cluster, die dieses Fenster zeigt (Strg+K wechselt): die Sandboxes dieses Rechners und die Kontexte Ihrer kubeconfig</translation>
    </message>
    <message>
        <source>kubectl reaches this sandbox here; click for the export line</source>
        <translation>Hier erreicht kubectl diese Sandbox; klicken Sie für die export-Zeile</translation>
    </message>
    <message>
        <source>S&amp;witch Context…</source>
        <translation>Kontext &amp;wechseln …</translation>
    </message>
    <message>
        <source>Show another sandbox or a kubeconfig context in this window</source>
        <translation>Eine andere Sandbox oder einen kubeconfig-Kontext in diesem Fenster zeigen</translation>
    </message>
    <message>
        <source>Res&amp;tart</source>
        <translation>Neu s&amp;tarten</translation>
    </message>
    <message>
        <source>Replace the selected Deployment&apos;s pods with new ones, in a rolling update (kubectl rollout restart)</source>
        <translation>Die Pods des ausgewählten Deployments in einem Rolling Update durch neue ersetzen (kubectl rollout restart)</translation>
    </message>
    <message>
        <source>Set &amp;Image…</source>
        <translation>&amp;Image festlegen …</translation>
    </message>
    <message>
        <source>Run another image in the selected Deployment&apos;s pods, in a rolling update (kubectl set image)</source>
        <translation>Ein anderes Image in den Pods des ausgewählten Deployments ausführen, in einem Rolling Update (kubectl set image)</translation>
    </message>
    <message>
        <source>%1 (sandbox)</source>
        <translation>%1 (Sandbox)</translation>
    </message>
    <message>
        <source>Sandbox %1: simulated, inside Flotilla</source>
        <translation>Sandbox %1: simuliert, innerhalb von Flotilla</translation>
    </message>
    <message>
        <source>Context %1 of %2: cluster %3</source>
        <translation>Kontext %1 aus %2: Cluster %3</translation>
    </message>
    <message>
        <source>Open Kubeconfig File…</source>
        <translation>Kubeconfig-Datei öffnen …</translation>
    </message>
    <message>
        <source>The sandbox or cluster this window shows (Ctrl+K switches)</source>
        <translation>Die Sandbox oder der Cluster, die dieses Fenster zeigt (Strg+K wechselt)</translation>
    </message>
    <message>
        <source>Some contexts could not be read: %1</source>
        <translation>Einige Kontexte konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Open Kubeconfig File</source>
        <translation>Kubeconfig-Datei öffnen</translation>
    </message>
    <message>
        <source>%1 has no contexts.</source>
        <translation>%1 enthält keine Kontexte.</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet …</translation>
    </message>
    <message>
        <source>kubectl · &lt;a href=&quot;#&quot;&gt;%1&lt;/a&gt;</source>
        <translation>kubectl · &lt;a href=&quot;#&quot;&gt;%1&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Restart failed</source>
        <translation>Neustart fehlgeschlagen</translation>
    </message>
    <message>
        <source>Set Image of %1</source>
        <translation>Image von %1 festlegen</translation>
    </message>
    <message>
        <source>Container:</source>
        <translation>Container:</translation>
    </message>
    <message>
        <source>Image of container %1 (now %2):</source>
        <translation>Image des Containers %1 (jetzt %2):</translation>
    </message>
    <message>
        <source>Set image failed</source>
        <translation>Image festlegen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Running instances of images, as docker run makes them: start, stop and remove them, publish their ports and read their logs. Simulated in the sandbox; the docker CLI drives them too.</source>
        <translation>Laufende Instanzen von Images, wie docker run sie erstellt: Sie starten, stoppen und entfernen sie, veröffentlichen ihre Ports und lesen ihre Logs. In der Sandbox simuliert; auch die docker-CLI steuert sie.</translation>
    </message>
    <message>
        <source>Use with &amp;kubectl and docker…</source>
        <translation>Mit &amp;kubectl und docker verwenden…</translation>
    </message>
    <message>
        <source>Serve this sandbox&apos;s Kubernetes API and Docker Engine API and show how to point kubectl and docker at them</source>
        <translation>Die Kubernetes-API und die Docker-Engine-API dieser Sandbox bereitstellen und zeigen, wie kubectl und docker sie erreichen</translation>
    </message>
    <message>
        <source>Con&amp;tainers</source>
        <translation>Con&amp;tainer</translation>
    </message>
    <message>
        <source>&amp;Containers</source>
        <translation>&amp;Container</translation>
    </message>
    <message>
        <source>A container is not changed as YAML: remove it and run it again with other settings.</source>
        <translation>Ein Container wird nicht als YAML geändert: Entfernen Sie ihn und starten Sie ihn mit anderen Einstellungen neu.</translation>
    </message>
    <message>
        <source>docker build of %1: its log is on the Build page</source>
        <translation>docker build von %1: das Protokoll steht auf der Seite „Build“</translation>
    </message>
    <message>
        <source>Docker engine</source>
        <translation>Docker-Engine</translation>
    </message>
    <message>
        <source>A real Docker engine, reached through its socket: its images, containers and builds</source>
        <translation>Eine echte Docker-Engine, erreicht über ihren Socket: ihre Images, Container und Builds</translation>
    </message>
    <message>
        <source>A Docker engine has no cluster: %1 needs a sandbox or a Kubernetes cluster (the switcher above opens one). Images, Containers and Build work here.</source>
        <translation>Eine Docker-Engine hat keinen Cluster: %1 braucht eine Sandbox oder einen Kubernetes-Cluster (die Auswahl oben öffnet einen). Images, Container und Build funktionieren hier.</translation>
    </message>
    <message>
        <source>%1 answers with a problem.</source>
        <translation>%1 antwortet mit einem Problem.</translation>
    </message>
    <message>
        <source>The Docker engine at %1: real images, containers and builds</source>
        <translation>Die Docker-Engine unter %1: echte Images, Container und Builds</translation>
    </message>
    <message>
        <source>%1 · %2 of %3 containers running · %4 images</source>
        <translation>%1 · %2 von %3 Containern laufen · %4 Images</translation>
    </message>
    <message>
        <source>A Docker engine has no Kubernetes cluster: open a sandbox or a cluster for this.</source>
        <translation>Eine Docker-Engine hat keinen Kubernetes-Cluster: Öffnen Sie dafür eine Sandbox oder einen Cluster.</translation>
    </message>
    <message>
        <source>&amp;Registries…</source>
        <translation>&amp;Registries…</translation>
    </message>
    <message>
        <source>Browse a registry, pull from it, push images to it</source>
        <translation>Eine Registry durchsuchen, aus ihr laden, Images in sie hochladen</translation>
    </message>
    <message>
        <source>P&amp;ush Image to a Registry…</source>
        <translation>Image in eine Registry &amp;hochladen…</translation>
    </message>
    <message>
        <source>Push the image selected in Images to a registry</source>
        <translation>Das in „Images“ gewählte Image in eine Registry hochladen</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::NodeUsageChart</name>
    <message>
        <source>used</source>
        <translation>genutzt</translation>
    </message>
    <message>
        <source>allocatable</source>
        <translation>zuweisbar</translation>
    </message>
    <message>
        <source>CPU (cores)</source>
        <translation>CPU (Kerne)</translation>
    </message>
    <message>
        <source>Memory (GiB)</source>
        <translation>Speicher (GiB)</translation>
    </message>
    <message>
        <source>What the node&apos;s containers use (simulated in the sandbox), sampled every 15 s of simulated time, against what the node can allocate to pods</source>
        <translation>Was die Container des Knotens nutzen (in der Sandbox simuliert), alle 15 s simulierter Zeit erfasst, gemessen an dem, was der Knoten Pods zuweisen kann</translation>
    </message>
    <message>
        <source>Select a node to see what it uses over time.</source>
        <translation>Einen Knoten auswählen, um seine Nutzung im Zeitverlauf zu sehen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>This connection does not report what nodes use. The sandbox simulates it.</source>
        <translation>Diese Verbindung meldet nicht, was Knoten nutzen. Die Sandbox simuliert es.</translation>
    </message>
    <message>
        <source>No samples yet. The sandbox samples each node&apos;s use every 15 s of simulated time: let the clock run (status bar) and the lines appear here.</source>
        <translation>Noch keine Messwerte. Die Sandbox erfasst die Nutzung jedes Knotens alle 15 s simulierter Zeit: Die Uhr laufen lassen (Statusleiste), dann erscheinen hier die Linien.</translation>
    </message>
    <message>
        <source>CPU: %1 of %2 cores%3</source>
        <translation>CPU: %1 von %2 Kernen%3</translation>
    </message>
    <message>
        <source>Memory: %1 of %2 GiB%3</source>
        <translation>Speicher: %1 von %2 GiB%3</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ParametersPage</name>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Estimates</source>
        <translation>Schätzungen</translation>
    </message>
    <message>
        <source>Least time to promote</source>
        <translation>Mindestdauer bis zum Promoten</translation>
    </message>
    <message>
        <source>Time to roll back</source>
        <translation>Dauer des Zurückrollens</translation>
    </message>
    <message>
        <source>Extra capacity needed</source>
        <translation>Benötigte Zusatzkapazität</translation>
    </message>
    <message>
        <source>Max &amp;surge:</source>
        <translation>Max. zu&amp;sätzlich:</translation>
    </message>
    <message>
        <source>How many pods above the replicas may run during the update: a number (1) or a percentage of the replicas (25%, rounded up). More is faster and costs more.</source>
        <translation>Wie viele Pods während des Updates über die Replikate hinaus laufen dürfen: eine Zahl (1) oder ein Prozentsatz der Replikate (25%, aufgerundet). Mehr geht schneller und kostet mehr.</translation>
    </message>
    <message>
        <source>Max &amp;unavailable:</source>
        <translation>Max. &amp;nicht verfügbar:</translation>
    </message>
    <message>
        <source>How many pods below the replicas may be missing: a number (0) or a percentage (rounded down). 0 keeps full capacity; more is faster without extra pods.</source>
        <translation>Wie viele Pods unter den Replikaten fehlen dürfen: eine Zahl (0) oder ein Prozentsatz (abgerundet). 0 erhält die volle Kapazität; mehr geht schneller, ohne zusätzliche Pods.</translation>
    </message>
    <message>
        <source>The rollout is the Deployment&apos;s own: one set of pods updated in place. Requests reach old and new pods alike until every pod runs the new version; readiness probes keep them away from pods that are not ready yet.</source>
        <translation>Das Rollout ist das des Deployments selbst: eine Gruppe von Pods, die an Ort und Stelle aktualisiert wird. Anfragen erreichen alte und neue Pods gleichermaßen, bis jeder Pod die neue Version ausführt; Readiness-Probes halten sie von Pods fern, die noch nicht bereit sind.</translation>
    </message>
    <message>
        <source>A&amp;utomatically, after</source>
        <translation>A&amp;utomatisch nach</translation>
    </message>
    <message>
        <source>Pr&amp;e-promotion analysis (on the preview Service, before the switch)</source>
        <translation>Analyse &amp;vor dem Promoten (am Preview-Service, vor dem Umschalten)</translation>
    </message>
    <message>
        <source>P&amp;ost-promotion analysis (after the switch; fails → back to blue)</source>
        <translation>Analyse nach dem Pr&amp;omoten (nach dem Umschalten; bei Fehlschlag → zurück zu Blue)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>e.g. shop</source>
        <translation>z. B. shop</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>&amp;Active Service:</source>
        <translation>&amp;Aktiver Service:</translation>
    </message>
    <message>
        <source>&amp;Preview Service:</source>
        <translation>&amp;Preview-Service:</translation>
    </message>
    <message>
        <source>Users reach the active Service; the preview Service reaches green before the switch, for tests. Empty: no preview.</source>
        <translation>Benutzer erreichen den aktiven Service; der Preview-Service erreicht Green schon vor dem Umschalten, für Tests. Leer: keine Preview.</translation>
    </message>
    <message>
        <source>Promotion:</source>
        <translation>Promoten:</translation>
    </message>
    <message>
        <source>Otherwise green waits on the preview until you promote it (Operations ▸ Rollout ▸ Promote).</source>
        <translation>Andernfalls wartet Green in der Preview, bis Sie es promoten (Operationen ▸ Rollout ▸ Promoten).</translation>
    </message>
    <message>
        <source>Scale-&amp;down delay:</source>
        <translation>Verzögerung bis zum &amp;Herunterskalieren:</translation>
    </message>
    <message>
        <source>Blue keeps running this long after the switch: rolling back is instant meanwhile.</source>
        <translation>Blue läuft nach dem Umschalten so lange weiter: In dieser Zeit ist das Zurückrollen sofort möglich.</translation>
    </message>
    <message>
        <source>&amp;Weights:</source>
        <translation>&amp;Gewichte:</translation>
    </message>
    <message>
        <source>Step &amp;weight:</source>
        <translation>Sch&amp;rittgewicht:</translation>
    </message>
    <message>
        <source>A&amp;nalysis after each weight</source>
        <translation>&amp;Analyse nach jedem Gewicht</translation>
    </message>
    <message>
        <source>Split by pod &amp;count (plain Services, no mesh)</source>
        <translation>Nach Anzahl der &amp;Pods aufteilen (einfache Services, kein Mesh)</translation>
    </message>
    <message>
        <source>A plain Service spreads requests over its pods: the canary&apos;s share is then its share of the pods (1 of 4 replicas for 25 %), not the exact weight</source>
        <translation>Ein einfacher Service verteilt Anfragen auf seine Pods: Der Anteil des Canary ist dann sein Anteil an den Pods (1 von 4 Replikaten für 25 %), nicht das exakte Gewicht</translation>
    </message>
    <message>
        <source>Percent of the requests the canary gets at each step, rising and ending at 100</source>
        <translation>Prozent der Anfragen, die der Canary in jedem Schritt erhält, aufsteigend und mit 100 endend</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Flagger&apos;s stepWeight: the canary&apos;s share grows by this much each step</source>
        <translation>stepWeight von Flagger: Der Anteil des Canary wächst mit jedem Schritt um diesen Wert</translation>
    </message>
    <message>
        <source>Flagger&apos;s maxWeight: the last share before promotion; the steps must reach it exactly</source>
        <translation>maxWeight von Flagger: der letzte Anteil vor dem Promoten; die Schritte müssen ihn genau erreichen</translation>
    </message>
    <message>
        <source>No pause</source>
        <translation>Keine Pause</translation>
    </message>
    <message>
        <source>Pause for</source>
        <translation>Pause von</translation>
    </message>
    <message>
        <source>Pause until promoted</source>
        <translation>Pause bis zum Promoten</translation>
    </message>
    <message>
        <source>A duration such as 30s, 2m or 1h30m</source>
        <translation>Eine Dauer wie 30s, 2m oder 1h30m</translation>
    </message>
    <message>
        <source>up to max weight</source>
        <translation>bis zum Maximalgewicht</translation>
    </message>
    <message>
        <source>S&amp;table Service:</source>
        <translation>S&amp;tabiler Service:</translation>
    </message>
    <message>
        <source>Ca&amp;nary Service:</source>
        <translation>Ca&amp;nary-Service:</translation>
    </message>
    <message>
        <source>The stable Service&apos;s requests are split by weight between the versions. A canary Service (optional) reaches only the canary&apos;s pods.</source>
        <translation>Die Anfragen an den stabilen Service werden nach Gewicht auf die Versionen aufgeteilt. Ein Canary-Service (optional) erreicht nur die Pods des Canary.</translation>
    </message>
    <message>
        <source>Between &amp;steps:</source>
        <translation>Zwischen den &amp;Schritten:</translation>
    </message>
    <message>
        <source>Parameters: rolling update</source>
        <translation>Parameter: Rolling Update</translation>
    </message>
    <message>
        <source>How many pods may be added or missing while they are replaced.</source>
        <translation>Wie viele Pods zusätzlich laufen oder fehlen dürfen, während sie ersetzt werden.</translation>
    </message>
    <message>
        <source>Parameters: blue/green</source>
        <translation>Parameter: Blue/Green</translation>
    </message>
    <message>
        <source>Which Services switch, when green is promoted, and how long blue stays for a rollback.</source>
        <translation>Welche Services umschalten, wann Green promotet wird und wie lange Blue für ein Zurückrollen bestehen bleibt.</translation>
    </message>
    <message>
        <source>Parameters: canary</source>
        <translation>Parameter: Canary</translation>
    </message>
    <message>
        <source>The canary&apos;s share of the requests step by step, the pauses between, and the analysis that judges each step.</source>
        <translation>Der Anteil des Canary an den Anfragen Schritt für Schritt, die Pausen dazwischen und die Analyse, die jeden Schritt bewertet.</translation>
    </message>
    <message>
        <source>— (fix the parameters first)</source>
        <translation>— (zuerst die Parameter korrigieren)</translation>
    </message>
    <message numerus="yes">
        <source>plus %n manual promotion(s)</source>
        <translation>
            <numerusform>plus %n manueller Promote-Schritt</numerusform>
            <numerusform>plus %n manuelle Promote-Schritte</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: a whole rolling update back to the old version.</source>
        <translation>%1: ein komplettes Rolling Update zurück zur alten Version.</translation>
    </message>
    <message>
        <source>Instant while blue still runs (the %1 scale-down delay after the switch); later, blue&apos;s pods must start again (about %2).</source>
        <translation>Sofort, solange Blue noch läuft (die Verzögerung von %1 bis zum Herunterskalieren nach dem Umschalten); danach müssen die Pods von Blue neu starten (etwa %2).</translation>
    </message>
    <message>
        <source>Instant: every request goes back to the stable version, which keeps running until the canary is promoted.</source>
        <translation>Sofort: Alle Anfragen gehen zurück an die stabile Version, die weiterläuft, bis der Canary promotet ist.</translation>
    </message>
    <message numerus="yes">
        <source>+%n pod(s) at the most</source>
        <translation>
            <numerusform>höchstens +%n Pod</numerusform>
            <numerusform>höchstens +%n Pods</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 CPU</source>
        <translation>%1 CPU</translation>
    </message>
    <message>
        <source>%1 memory</source>
        <translation>%1 Speicher</translation>
    </message>
    <message>
        <source>(from the requests)</source>
        <translation>(aus den Anforderungen)</translation>
    </message>
    <message>
        <source>(the canary&apos;s pods at its largest weight below 100 %; at promotion the new version scales up before the old one goes)</source>
        <translation>(die Pods des Canary bei seinem größten Gewicht unter 100 %; beim Promoten skaliert die neue Version hoch, bevor die alte geht)</translation>
    </message>
    <message>
        <source>(a whole second set of pods while both versions run)</source>
        <translation>(eine komplette zweite Gruppe von Pods, solange beide Versionen laufen)</translation>
    </message>
    <message>
        <source>Assumes a pod is ready about %1 s after it is created; an analysis takes its measurements × the interval.</source>
        <translation>Angenommen wird, dass ein Pod etwa %1 s nach dem Erstellen bereit ist; eine Analyse dauert ihre Messungen × das Intervall.</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>pause %1</source>
        <translation>Pause %1</translation>
    </message>
    <message>
        <source>pause until promoted</source>
        <translation>Pause bis zum Promoten</translation>
    </message>
    <message>
        <source>analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Steps: %1</source>
        <translation>Schritte: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::PodPhaseChart</name>
    <message>
        <source>Pending</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Terminating</source>
        <translation>Wird beendet</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Simulated time</source>
        <translation>Simulierte Zeit</translation>
    </message>
    <message>
        <source>Pods</source>
        <translation>Pods</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ProblemsList</name>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Quick fix available (Ctrl+. in the editor): %1</source>
        <translation>Schnellkorrektur verfügbar (Strg+. im Editor): %1</translation>
    </message>
    <message>
        <source>Problems in the Dockerfile will be listed here.</source>
        <translation>Probleme im Dockerfile werden hier aufgeführt.</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>Keine Probleme gefunden.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::RegistryDialog</name>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>P&amp;ull into the Images</source>
        <translation>In die Images &amp;holen</translation>
    </message>
    <message>
        <source>&amp;Push</source>
        <translation>&amp;Pushen</translation>
    </message>
    <message>
        <source>Registries</source>
        <translation>Registrys</translation>
    </message>
    <message>
        <source>127.0.0.1:5000 or registry.example.com</source>
        <translation>127.0.0.1:5000 oder registry.example.com</translation>
    </message>
    <message>
        <source>anonymous</source>
        <translation>anonym</translation>
    </message>
    <message>
        <source>not stored</source>
        <translation>nicht gespeichert</translation>
    </message>
    <message>
        <source>&amp;Registry:</source>
        <translation>&amp;Registry:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Connect to a registry to see its repositories and tags.</source>
        <translation>Verbinden Sie sich mit einer Registry, um ihre Repositorys und Tags zu sehen.</translation>
    </message>
    <message>
        <source>Repositories</source>
        <translation>Repositorys</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation>Manifest</translation>
    </message>
    <message>
        <source>Choose a tag.</source>
        <translation>Wählen Sie einen Tag.</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Media type</source>
        <translation>Medientyp</translation>
    </message>
    <message>
        <source>The manifest as the registry sends it.</source>
        <translation>Das Manifest, wie die Registry es sendet.</translation>
    </message>
    <message>
        <source>Push an image there</source>
        <translation>Ein Image dorthin pushen</translation>
    </message>
    <message>
        <source>repository:tag, e.g. team/my-microservice:1.0</source>
        <translation>repository:tag, z. B. team/my-microservice:1.0</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>Image:</translation>
    </message>
    <message>
        <source>as</source>
        <translation>als</translation>
    </message>
    <message>
        <source>Progress of pushes and pulls.</source>
        <translation>Fortschritt von Pushes und Pulls.</translation>
    </message>
    <message>
        <source>Name a registry first: host and port, such as 127.0.0.1:5000.</source>
        <translation>Nennen Sie zuerst eine Registry: Host und Port, etwa 127.0.0.1:5000.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 answers; it has no repositories yet: push one below.</source>
        <translation>%1 antwortet; es gibt noch keine Repositorys: Pushen Sie unten eines.</translation>
    </message>
    <message>
        <source>Created: %1 · %2/%3</source>
        <translation>Erstellt: %1 · %2/%3</translation>
    </message>
    <message>
        <source>Runs: &lt;code&gt;%1&lt;/code&gt;</source>
        <translation>Führt aus: &lt;code&gt;%1&lt;/code&gt;</translation>
    </message>
    <message>
        <source>Exposes: %1</source>
        <translation>Gibt frei: %1</translation>
    </message>
    <message>
        <source>Pulling %1</source>
        <translation>Hole %1</translation>
    </message>
    <message>
        <source>Pulled %1: it is in the Images now.</source>
        <translation>%1 geholt: Es ist jetzt bei den Images.</translation>
    </message>
    <message>
        <source>Connect to the registry to push to first.</source>
        <translation>Verbinden Sie sich zuerst mit der Registry, in die gepusht werden soll.</translation>
    </message>
    <message>
        <source>Choose an image and name it in the registry: repository:tag.</source>
        <translation>Wählen Sie ein Image und benennen Sie es in der Registry: repository:tag.</translation>
    </message>
    <message>
        <source>Pushing %1 as %2</source>
        <translation>Pushe %1 als %2</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Pushed %1.</source>
        <translation>%1 gepusht.</translation>
    </message>
    <message>
        <source>%1: one repository.</source>
        <translation>%1: ein Repository.</translation>
    </message>
    <message>
        <source>%1: %2 repositories.</source>
        <translation>%1: %2 Repositorys.</translation>
    </message>
    <message>
        <source>Digest: %1&lt;br&gt;Type: %2&lt;br&gt;Size: %3 in %4</source>
        <translation>Digest: %1&lt;br&gt;Typ: %2&lt;br&gt;Größe: %3 in %4</translation>
    </message>
    <message>
        <source>one layer</source>
        <translation>einer Schicht</translation>
    </message>
    <message>
        <source>%1 layers</source>
        <translation>%1 Schichten</translation>
    </message>
    <message>
        <source>%p % of the layers</source>
        <translation>%p % der Schichten</translation>
    </message>
    <message>
        <source>Do not check the certificate (insecure)</source>
        <translation>Zertifikat nicht prüfen (unsicher)</translation>
    </message>
    <message>
        <source>A registry that speaks the OCI distribution API (Docker Registry v2), over HTTPS. A loopback registry is an insecure registry, as in Docker: HTTPS without a certificate check (unless a CA is given), else plain HTTP.</source>
        <translation>Eine Registry, die die OCI-Distribution-API (Docker Registry v2) über HTTPS spricht. Eine Loopback-Registry gilt wie in Docker als unsichere Registry: HTTPS ohne Zertifikatsprüfung (außer wenn eine CA angegeben ist), sonst einfaches HTTP.</translation>
    </message>
    <message>
        <source>also read from /etc/docker/certs.d/&lt;registry&gt;/ and ~/.config/flotilla/certs.d/&lt;registry&gt;/</source>
        <translation>wird auch aus /etc/docker/certs.d/&lt;registry&gt;/ und ~/.config/flotilla/certs.d/&lt;registry&gt;/ gelesen</translation>
    </message>
    <message>
        <source>A PEM file with the certificate of the CA that signed the registry&apos;s certificate. Certificates in the certs.d folders (ca.crt, and client.cert with client.key) are used as Docker uses them.</source>
        <translation>Eine PEM-Datei mit dem Zertifikat der CA, die das Zertifikat der Registry signiert hat. Zertifikate in den certs.d-Ordnern (ca.crt sowie client.cert mit client.key) werden wie von Docker verwendet.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>CA Certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
        <translation>Zertifikate (*.crt *.pem *.cer);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Accept any certificate: anyone between you and the registry could read and change what is sent. Use only for a test registry.</source>
        <translation>Jedes Zertifikat annehmen: Wer zwischen Ihnen und der Registry sitzt, könnte das Gesendete lesen und ändern. Nur für eine Test-Registry verwenden.</translation>
    </message>
    <message>
        <source>C&amp;A certificate:</source>
        <translation>C&amp;A-Zertifikat:</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>De&amp;lete Tag…</source>
        <translation>Tag &amp;löschen…</translation>
    </message>
    <message>
        <source>Deletes the manifest the tag points to from the registry (Del), with every tag of the same manifest</source>
        <translation>Löscht das Manifest, auf das der Tag zeigt, aus der Registry (Entf), mit jedem Tag desselben Manifests</translation>
    </message>
    <message>
        <source>Delete Tag</source>
        <translation>Tag löschen</translation>
    </message>
    <message>
        <source>Delete %1 from %2?</source>
        <translation>%1 aus %2 löschen?</translation>
    </message>
    <message>
        <source>The registry deletes the manifest the tag points to: every other tag of the same image goes too, for everyone who pulls from it. Its layers stay until the registry&apos;s garbage collection runs.</source>
        <translation>Die Registry löscht das Manifest, auf das der Tag zeigt: Jeder andere Tag desselben Images verschwindet ebenfalls, für alle, die daraus pullen. Seine Layer bleiben, bis die Garbage Collection der Registry läuft.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Deleting %1:%2…</source>
        <translation>%1:%2 wird gelöscht…</translation>
    </message>
    <message>
        <source>Deleted %1:%2 from %3.</source>
        <translation>%1:%2 aus %3 gelöscht.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ResourceView</name>
    <message>
        <source>Filter %1 (Ctrl+F): words to match in any column</source>
        <translation>%1 filtern (Strg+F): Suchbegriffe für beliebige Spalten</translation>
    </message>
    <message>
        <source>Show one namespace, or all</source>
        <translation>Einen Namespace oder alle anzeigen</translation>
    </message>
    <message>
        <source>All namespaces</source>
        <translation>Alle Namespaces</translation>
    </message>
    <message>
        <source>No %1 to show.</source>
        <translation>Keine %1 anzuzeigen.</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Nothing matches the filter.</source>
        <translation>Nichts entspricht dem Filter.</translation>
    </message>
    <message>
        <source>No %1 yet.</source>
        <translation>Noch keine %1.</translation>
    </message>
    <message>
        <source>%1 in all</source>
        <translation>%1 insgesamt</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>Überprüfung</translation>
    </message>
    <message>
        <source>What will be applied. Deploy applies it; export it to run the same plan on a cluster without Flotilla.</source>
        <translation>Was angewendet wird. „Deployen“ wendet es an; exportieren Sie es, um denselben Plan auf einem Cluster ohne Flotilla auszuführen.</translation>
    </message>
    <message>
        <source>YAML</source>
        <translation>YAML</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Exportieren:</translation>
    </message>
    <message>
        <source>&amp;Kubernetes…</source>
        <translation>&amp;Kubernetes…</translation>
    </message>
    <message>
        <source>A&amp;rgo Rollouts…</source>
        <translation>A&amp;rgo Rollouts…</translation>
    </message>
    <message>
        <source>&amp;Flagger…</source>
        <translation>&amp;Flagger…</translation>
    </message>
    <message>
        <source>Plain Deployments and Services: canary weights become replica counts</source>
        <translation>Einfache Deployments und Services: Canary-Gewichte werden zu Replikatzahlen</translation>
    </message>
    <message>
        <source>An argoproj.io Rollout with an AnalysisTemplate per analysis</source>
        <translation>Ein argoproj.io-Rollout mit einem AnalysisTemplate je Analyse</translation>
    </message>
    <message>
        <source>A flagger.app Canary over a Deployment (no rolling updates)</source>
        <translation>Ein flagger.app-Canary über einem Deployment (keine Rolling Updates)</translation>
    </message>
    <message>
        <source>Then &amp;send</source>
        <translation>Danach &amp;senden</translation>
    </message>
    <message>
        <source>Simulated requests let analyses measure the new version and charts show the split</source>
        <translation>Mit simulierten Anfragen können Analysen die neue Version messen und Diagramme die Aufteilung zeigen</translation>
    </message>
    <message>
        <source>New: no Rollout %1 runs in namespace %2 yet.</source>
        <translation>Neu: Im Namespace %2 läuft noch kein Rollout %1.</translation>
    </message>
    <message>
        <source>Changes (new)</source>
        <translation>Änderungen (neu)</translation>
    </message>
    <message>
        <source>running: %1/%2 spec</source>
        <translation>laufend: Spec von %1/%2</translation>
    </message>
    <message>
        <source>new: %1/%2 spec</source>
        <translation>neu: Spec von %1/%2</translation>
    </message>
    <message>
        <source>No changes: the same spec runs now.</source>
        <translation>Keine Änderungen: Dieselbe Spec läuft bereits.</translation>
    </message>
    <message>
        <source>Changes (none)</source>
        <translation>Änderungen (keine)</translation>
    </message>
    <message>
        <source>a rolling update (max surge %1, max unavailable %2)</source>
        <translation>einem Rolling Update (bis zu %1 zusätzlich, höchstens %2 nicht verfügbar)</translation>
    </message>
    <message>
        <source>blue/green through Service %1</source>
        <translation>Blue/Green über Service %1</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>a canary on Service %1: %2</source>
        <translation>einem Canary auf Service %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Deploys &lt;b&gt;%1&lt;/b&gt; (%n replica(s) of &lt;code&gt;%2&lt;/code&gt;) into namespace &lt;b&gt;%3&lt;/b&gt; with %4.</source>
        <translation>
            <numerusform>Deployt &lt;b&gt;%1&lt;/b&gt; (%n Replikat von &lt;code&gt;%2&lt;/code&gt;) in den Namespace &lt;b&gt;%3&lt;/b&gt; mit %4.</numerusform>
            <numerusform>Deployt &lt;b&gt;%1&lt;/b&gt; (%n Replikate von &lt;code&gt;%2&lt;/code&gt;) in den Namespace &lt;b&gt;%3&lt;/b&gt; mit %4.</numerusform>
        </translation>
    </message>
    <message>
        <source>Existing Services are kept as they are: %1.</source>
        <translation>Vorhandene Services bleiben unverändert: %1.</translation>
    </message>
    <message>
        <source>simulated requests per second to Service %1 once deployed</source>
        <translation>simulierte Anfragen pro Sekunde an Service %1, sobald deployt</translation>
    </message>
    <message>
        <source>The Rollout does not validate:</source>
        <translation>Das Rollout ist nicht gültig:</translation>
    </message>
    <message>
        <source>The deployment failed:</source>
        <translation>Das Deployment ist fehlgeschlagen:</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::RolloutCharts</name>
    <message>
        <source>% of requests</source>
        <translation>% der Anfragen</translation>
    </message>
    <message>
        <source>ready replicas</source>
        <translation>bereite Replikate</translation>
    </message>
    <message>
        <source>success %</source>
        <translation>Erfolg %</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95 ms</translation>
    </message>
    <message>
        <source>Traffic split: share of the requests per version</source>
        <translation>Traffic-Aufteilung: Anteil der Anfragen je Version</translation>
    </message>
    <message>
        <source>Ready replicas per version</source>
        <translation>Bereite Replikate je Version</translation>
    </message>
    <message>
        <source>Success rate per version (requests answered without error)</source>
        <translation>Erfolgsquote je Version (ohne Fehler beantwortete Anfragen)</translation>
    </message>
    <message>
        <source>p95 latency per version</source>
        <translation>p95-Latenz je Version</translation>
    </message>
    <message>
        <source>Traffic split</source>
        <translation>Traffic-Aufteilung</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Replikate</translation>
    </message>
    <message>
        <source>Success rate &amp;&amp; latency</source>
        <translation>Erfolgsquote &amp;&amp; Latenz</translation>
    </message>
    <message>
        <source>Which share of the Service&apos;s requests each version served</source>
        <translation>Welchen Anteil der Anfragen an den Service jede Version bedient hat</translation>
    </message>
    <message>
        <source>Ready pods of each version</source>
        <translation>Bereite Pods jeder Version</translation>
    </message>
    <message>
        <source>What the analysis measures, with its thresholds dashed</source>
        <translation>Was die Analyse misst, mit gestrichelten Schwellenwerten</translation>
    </message>
    <message>
        <source>available (all versions)</source>
        <translation>verfügbar (alle Versionen)</translation>
    </message>
    <message>
        <source>stable %1</source>
        <translation>stabil %1</translation>
    </message>
    <message>
        <source>canary %1</source>
        <translation>Canary %1</translation>
    </message>
    <message>
        <source>previous %1</source>
        <translation>vorherige %1</translation>
    </message>
    <message>
        <source>(no version)</source>
        <translation>(keine Version)</translation>
    </message>
    <message>
        <source>Select a Rollout above to see its versions over time.</source>
        <translation>Oben ein Rollout auswählen, um seine Versionen im zeitlichen Verlauf zu sehen.</translation>
    </message>
    <message>
        <source>No Service sends requests to this Rollout&apos;s pods, so there is no traffic to show. Create a Service that selects them, then send it requests on the Services page.</source>
        <translation>Kein Service sendet Anfragen an die Pods dieses Rollouts, daher gibt es keinen Traffic anzuzeigen. Einen Service erstellen, der sie auswählt, und ihm dann auf der Seite „Services“ Anfragen senden.</translation>
    </message>
    <message>
        <source>No traffic yet: send requests to Service %1 on the Services page (Requests/s), and each version&apos;s share, success rate and latency show here over time.</source>
        <translation>Noch kein Traffic: Auf der Seite „Services“ Anfragen an Service %1 senden (Anfragen/s), dann erscheinen hier Anteil, Erfolgsquote und Latenz jeder Version im zeitlichen Verlauf.</translation>
    </message>
    <message>
        <source>No replicas reported yet: the Rollout&apos;s status gives them once its pods start.</source>
        <translation>Noch keine Replikate gemeldet: Der Status des Rollouts nennt sie, sobald seine Pods starten.</translation>
    </message>
    <message>
        <source>threshold %1 %</source>
        <translation>Schwellenwert %1 %</translation>
    </message>
    <message>
        <source>threshold %1 ms</source>
        <translation>Schwellenwert %1 ms</translation>
    </message>
    <message>
        <source>No request figures from this cluster: Flotilla measures requests only in its sandbox. The Replicas tab shows each version&apos;s ready pods.</source>
        <translation>Keine Anfragezahlen von diesem Cluster: Flotilla misst Anfragen nur in seiner Sandbox. Der Reiter „Replikate“ zeigt die bereiten Pods jeder Version.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::RolloutView</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Healthy: the stable version serves · Progressing: steps run · Paused: waiting for its time or to be promoted · Degraded: aborted or failed</source>
        <translation>Healthy: Die stabile Version bedient · Progressing: Schritte laufen · Paused: wartet auf ihre Zeit oder auf das Promoten · Degraded: abgebrochen oder fehlgeschlagen</translation>
    </message>
    <message>
        <source>&amp;Promote</source>
        <translation>&amp;Promoten</translation>
    </message>
    <message>
        <source>End the current pause or stage: the new version goes on to the next step</source>
        <translation>Die aktuelle Pause oder Phase beenden: Die neue Version geht zum nächsten Schritt weiter</translation>
    </message>
    <message>
        <source>Pa&amp;use</source>
        <translation>A&amp;nhalten</translation>
    </message>
    <message>
        <source>Hold the Rollout at its current step until resumed</source>
        <translation>Das Rollout bei seinem aktuellen Schritt anhalten, bis es fortgesetzt wird</translation>
    </message>
    <message>
        <source>Resu&amp;me</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Let a Rollout paused by hand go on with its steps</source>
        <translation>Ein von Hand angehaltenes Rollout mit seinen Schritten fortfahren lassen</translation>
    </message>
    <message>
        <source>A&amp;bort</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <source>Stop the new version: all traffic back on the stable version</source>
        <translation>Die neue Version stoppen: der gesamte Traffic zurück auf die stabile Version</translation>
    </message>
    <message>
        <source>Re&amp;try</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Run the steps of an aborted Rollout again from the first</source>
        <translation>Die Schritte eines abgebrochenen Rollouts erneut ab dem ersten ausführen</translation>
    </message>
    <message>
        <source>Roll &amp;Back</source>
        <translation>&amp;Zurückrollen</translation>
    </message>
    <message>
        <source>Bring back the version that served before the last one, at once (no steps, no analysis)</source>
        <translation>Die Version, die vor der letzten bedient hat, sofort zurückholen (keine Schritte, keine Analyse)</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Erfolgsquote</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>No Rollout selected</source>
        <translation>Kein Rollout ausgewählt</translation>
    </message>
    <message>
        <source>Select a Rollout above to see its steps, its versions&apos; traffic over time and its events, and to promote, pause, abort or roll it back.</source>
        <translation>Oben ein Rollout auswählen, um seine Schritte, den Traffic seiner Versionen im zeitlichen Verlauf und seine Ereignisse zu sehen und es zu promoten, anzuhalten, abzubrechen oder zurückzurollen.</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>no strategy</source>
        <translation>keine Strategie</translation>
    </message>
    <message>
        <source>Rollout %1 in namespace %2</source>
        <translation>Rollout %1 im Namespace %2</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>%1 · aborted</source>
        <translation>%1 · abgebrochen</translation>
    </message>
    <message>
        <source>Paused by hand</source>
        <translation>Von Hand angehalten</translation>
    </message>
    <message>
        <source>Not looked at by the rollout controller yet.</source>
        <translation>Noch nicht vom Rollout-Controller bearbeitet.</translation>
    </message>
    <message>
        <source>version %1: %2 updated, %3 available</source>
        <translation>Version %1: %2 aktualisiert, %3 verfügbar</translation>
    </message>
    <message>
        <source>stable %1 (%2 ready)</source>
        <translation>stabil %1 (%2 bereit)</translation>
    </message>
    <message>
        <source>canary %1 (%2 ready)</source>
        <translation>Canary %1 (%2 bereit)</translation>
    </message>
    <message>
        <source>canary weight %1 %</source>
        <translation>Canary-Gewicht %1 %</translation>
    </message>
    <message>
        <source>previous %1</source>
        <translation>vorherige %1</translation>
    </message>
    <message>
        <source>Bring back version %1, which served before %2, at once (no steps, no analysis)</source>
        <translation>Version %1, die vor %2 bedient hat, sofort zurückholen (keine Schritte, keine Analyse)</translation>
    </message>
    <message>
        <source>Bring back the version that served before the last one, at once (no steps, no analysis); there is none yet</source>
        <translation>Die Version, die vor der letzten bedient hat, sofort zurückholen (keine Schritte, keine Analyse); noch gibt es keine</translation>
    </message>
    <message>
        <source>No Rollout selected.</source>
        <translation>Kein Rollout ausgewählt.</translation>
    </message>
    <message>
        <source>The spec cannot be read: %1</source>
        <translation>Die Spec kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>success rate ≥ %1 %</source>
        <translation>Erfolgsquote ≥ %1 %</translation>
    </message>
    <message>
        <source>p95 ≤ %1 ms</source>
        <translation>p95 ≤ %1 ms</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s) tolerated</source>
        <translation>
            <numerusform>%n Fehlschlag toleriert</numerusform>
            <numerusform>%n Fehlschläge toleriert</numerusform>
        </translation>
    </message>
    <message>
        <source> — %1 of %2 measured</source>
        <translation> — %1 von %2 gemessen</translation>
    </message>
    <message>
        <source>Set weight %1 %</source>
        <translation>Gewicht auf %1 % setzen</translation>
    </message>
    <message>
        <source>Pause until promoted</source>
        <translation>Pause bis zum Promoten</translation>
    </message>
    <message>
        <source>Pause %1</source>
        <translation>Pause %1</translation>
    </message>
    <message>
        <source>Analysis: %1</source>
        <translation>Analyse: %1</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Promoted: the canary takes all requests and becomes stable</source>
        <translation>Promotet: Der Canary übernimmt alle Anfragen und wird stabil</translation>
    </message>
    <message>
        <source>Traffic split on Service %1.</source>
        <translation>Traffic-Aufteilung auf Service %1.</translation>
    </message>
    <message>
        <source>No new version is rolling out: these steps run when the template changes (Edit YAML, or a new image).</source>
        <translation>Es wird keine neue Version ausgerollt: Diese Schritte laufen, wenn sich das Template ändert („YAML bearbeiten“ oder ein neues Image).</translation>
    </message>
    <message numerus="yes">
        <source>Deploying: the new version comes up beside the stable one (%n replica(s))</source>
        <translation>
            <numerusform>Deployen: Die neue Version startet neben der stabilen (%n Replikat)</numerusform>
            <numerusform>Deployen: Die neue Version startet neben der stabilen (%n Replikate)</numerusform>
        </translation>
    </message>
    <message>
        <source>Pre-promotion analysis on Service %1: %2</source>
        <translation>Analyse vor dem Promoten auf Service %1: %2</translation>
    </message>
    <message>
        <source>Awaiting promotion: automatic %1 s after it is ready</source>
        <translation>Wartet auf das Promoten: automatisch %1 s nach der Bereitschaft</translation>
    </message>
    <message>
        <source>Awaiting promotion: Promote switches Service %1</source>
        <translation>Wartet auf das Promoten: „Promoten“ schaltet Service %1 um</translation>
    </message>
    <message>
        <source>Post-promotion analysis on Service %1: %2</source>
        <translation>Analyse nach dem Promoten auf Service %1: %2</translation>
    </message>
    <message>
        <source>Done: Service %1 serves the new version; the old one stays %2 s for an instant rollback</source>
        <translation>Fertig: Service %1 bedient die neue Version; die alte bleibt %2 s für ein sofortiges Zurückrollen bestehen</translation>
    </message>
    <message>
        <source>Active Service %1; preview Service %2.</source>
        <translation>Aktiver Service %1; Preview-Service %2.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>No new version is rolling out: these stages run when the template changes.</source>
        <translation>Es wird keine neue Version ausgerollt: Diese Phasen laufen, wenn sich das Template ändert.</translation>
    </message>
    <message>
        <source>Rolling update: max surge %1, max unavailable %2 · %3 of %4 replicas updated, %5 available</source>
        <translation>Rolling Update: bis zu %1 zusätzlich, höchstens %2 nicht verfügbar · %3 von %4 Replikaten aktualisiert, %5 verfügbar</translation>
    </message>
    <message>
        <source>The Deployment %1 replaces its pods in place, a few at a time.</source>
        <translation>Das Deployment %1 ersetzt seine Pods an Ort und Stelle, einige wenige auf einmal.</translation>
    </message>
    <message>
        <source>No analysis is running. An analysis step (or a blue/green pre- or post-promotion analysis) measures the new version&apos;s traffic here.</source>
        <translation>Es läuft keine Analyse. Ein Analyseschritt (oder bei Blue/Green eine Analyse vor oder nach dem Promoten) misst hier den Traffic der neuen Version.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Analysis %1&lt;/b&gt; · %2 · %3 of %4 measurements, every %5 · %6%7</source>
        <translation>&lt;b&gt;Analyse %1&lt;/b&gt; · %2 · %3 von %4 Messungen, alle %5 · %6%7</translation>
    </message>
    <message>
        <source>Analysis (%1)</source>
        <translation>Analyse (%1)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Asking…</source>
        <translation>Wird angefragt…</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::RunDialog</name>
    <message>
        <source>Run Container</source>
        <translation>Container ausführen</translation>
    </message>
    <message>
        <source>Start a container from an image, as &lt;code&gt;docker run -d&lt;/code&gt; does. It is simulated: its program does not really run, but its published ports are real ports on this computer, answered by the sandbox.</source>
        <translation>Einen Container aus einem Image starten, wie es &lt;code&gt;docker run -d&lt;/code&gt; tut. Er ist simuliert: Sein Programm läuft nicht wirklich, aber seine veröffentlichten Ports sind echte Ports auf diesem Computer, beantwortet von der Sandbox.</translation>
    </message>
    <message>
        <source>An image of the sandbox: built on the Build page, or tagged. You may also type a reference or an image id.</source>
        <translation>Ein Image der Sandbox: auf der Seite „Build“ gebaut oder getaggt. Sie können auch eine Referenz oder eine Image-ID eingeben.</translation>
    </message>
    <message>
        <source>The sandbox has no image to run yet: build one on the Build page (Ctrl+B). Catalog images are metadata only and cannot run.</source>
        <translation>Die Sandbox hat noch kein ausführbares Image: Bauen Sie eines auf der Seite „Build“ (Strg+B). Katalog-Images sind nur Metadaten und können nicht laufen.</translation>
    </message>
    <message>
        <source>a generated name, such as eager_turing</source>
        <translation>ein erzeugter Name, etwa eager_turing</translation>
    </message>
    <message>
        <source>Letters, digits, “_”, “.” and “-”; the name must be free</source>
        <translation>Buchstaben, Ziffern, „_“, „.“ und „-“; der Name muss frei sein</translation>
    </message>
    <message>
        <source>3000:8080 — host port:container port, one per line or comma-separated</source>
        <translation>3000:8080 – Host-Port:Container-Port, einer pro Zeile oder durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Published ports (docker run -p): HOST:CONTAINER such as 3000:8080, 127.0.0.1:3000:8080 for this computer only, or CONTAINER alone for a free host port. Add /udp for UDP.</source>
        <translation>Veröffentlichte Ports (docker run -p): HOST:CONTAINER wie 3000:8080, 127.0.0.1:3000:8080 nur für diesen Computer, oder CONTAINER allein für einen freien Host-Port. Für UDP /udp anhängen.</translation>
    </message>
    <message>
        <source>KEY=value, one per line</source>
        <translation>SCHLÜSSEL=Wert, einer pro Zeile</translation>
    </message>
    <message>
        <source>Environment variables of the container (docker run -e)</source>
        <translation>Umgebungsvariablen des Containers (docker run -e)</translation>
    </message>
    <message>
        <source>Never (no)</source>
        <translation>Nie (no)</translation>
    </message>
    <message>
        <source>The container stays stopped when its program exits</source>
        <translation>Der Container bleibt gestoppt, wenn sein Programm endet</translation>
    </message>
    <message>
        <source>On failure (on-failure)</source>
        <translation>Bei Fehler (on-failure)</translation>
    </message>
    <message>
        <source>Restarted when its program exits with an error</source>
        <translation>Neu gestartet, wenn sein Programm mit einem Fehler endet</translation>
    </message>
    <message>
        <source>Always (always)</source>
        <translation>Immer (always)</translation>
    </message>
    <message>
        <source>Restarted whenever it stops, and when the sandbox opens again</source>
        <translation>Neu gestartet, sobald er anhält, und wenn die Sandbox wieder geöffnet wird</translation>
    </message>
    <message>
        <source>Unless stopped (unless-stopped)</source>
        <translation>Außer wenn gestoppt (unless-stopped)</translation>
    </message>
    <message>
        <source>Like always, but not when you stopped it yourself</source>
        <translation>Wie „Immer“, aber nicht, wenn Sie ihn selbst gestoppt haben</translation>
    </message>
    <message>
        <source>What happens when the container&apos;s program exits (docker run --restart); restarts wait longer each time, as in Docker</source>
        <translation>Was geschieht, wenn das Programm des Containers endet (docker run --restart); Neustarts warten jedes Mal länger, wie bei Docker</translation>
    </message>
    <message>
        <source>The same container with the docker CLI (File ▸ Use with kubectl and docker… shows how to point it at this sandbox)</source>
        <translation>Derselbe Container mit der docker-CLI (Datei ▸ Mit kubectl und docker verwenden… zeigt, wie sie diese Sandbox erreicht)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>&amp;Image:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Ports:</source>
        <translation>&amp;Ports:</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>&amp;Umgebung:</translation>
    </message>
    <message>
        <source>Re&amp;start:</source>
        <translation>Neu&amp;start:</translation>
    </message>
    <message>
        <source>docker:</source>
        <translation>docker:</translation>
    </message>
    <message>
        <source>This connection cannot run containers: only the sandbox does.</source>
        <translation>Diese Verbindung kann keine Container ausführen: Das kann nur die Sandbox.</translation>
    </message>
    <message>
        <source>Port “%1” (entry %2): %3</source>
        <translation>Port „%1“ (Eintrag %2): %3</translation>
    </message>
    <message>
        <source>Port “%1” (entry %2): host port %3 is published twice</source>
        <translation>Port „%1“ (Eintrag %2): Host-Port %3 wird doppelt veröffentlicht</translation>
    </message>
    <message>
        <source>Environment line %1 “%2”: use KEY=value, the key without spaces</source>
        <translation>Umgebungszeile %1 „%2“: Verwenden Sie SCHLÜSSEL=Wert, den Schlüssel ohne Leerzeichen</translation>
    </message>
    <message>
        <source>Choose an image to run.</source>
        <translation>Wählen Sie ein Image zum Ausführen.</translation>
    </message>
    <message>
        <source>Container %1 was created but could not start: %2
It stays in the list, stopped: start it once the cause is gone, or remove it.</source>
        <translation>Container %1 wurde erstellt, konnte aber nicht starten: %2
Er bleibt gestoppt in der Liste: Starten Sie ihn, sobald die Ursache behoben ist, oder entfernen Sie ihn.</translation>
    </message>
    <message>
        <source>empty: use HOST:CONTAINER, such as 3000:8080</source>
        <translation>leer: Verwenden Sie HOST:CONTAINER, etwa 3000:8080</translation>
    </message>
    <message>
        <source>unknown protocol “%1”: use tcp, udp or sctp</source>
        <translation>unbekanntes Protokoll „%1“: Verwenden Sie tcp, udp oder sctp</translation>
    </message>
    <message>
        <source>use [ADDRESS]:HOST:CONTAINER for an IPv6 address</source>
        <translation>Verwenden Sie [ADRESSE]:HOST:CONTAINER für eine IPv6-Adresse</translation>
    </message>
    <message>
        <source>too many parts: use HOST:CONTAINER, such as 3000:8080</source>
        <translation>zu viele Teile: Verwenden Sie HOST:CONTAINER, etwa 3000:8080</translation>
    </message>
    <message>
        <source>port ranges are not supported: publish each port on its own</source>
        <translation>Port-Bereiche werden nicht unterstützt: Veröffentlichen Sie jeden Port einzeln</translation>
    </message>
    <message>
        <source>“%1” is not a port number (1–65535)</source>
        <translation>„%1“ ist keine Portnummer (1–65535)</translation>
    </message>
    <message>
        <source>the sandbox publishes ports on 127.0.0.1 or on every address (0.0.0.0) only, not on %1</source>
        <translation>die Sandbox veröffentlicht Ports nur auf 127.0.0.1 oder auf allen Adressen (0.0.0.0), nicht auf %1</translation>
    </message>
    <message>
        <source>the image&apos;s command (CMD)</source>
        <translation>der Befehl des Images (CMD)</translation>
    </message>
    <message>
        <source>What the container runs instead of the image&apos;s CMD, as the words after the image in docker run; quote words with spaces: echo &quot;hello world&quot;</source>
        <translation>Was der Container statt des CMD des Images ausführt, wie die Wörter nach dem Image in docker run; Wörter mit Leerzeichen in Anführungszeichen: echo &quot;hello world&quot;</translation>
    </message>
    <message>
        <source>Co&amp;mmand:</source>
        <translation>Be&amp;fehl:</translation>
    </message>
    <message>
        <source>Command: a quote (&quot;) is not closed</source>
        <translation>Befehl: ein Anführungszeichen (&quot;) ist nicht geschlossen</translation>
    </message>
    <message>
        <source>the image&apos;s: %1</source>
        <translation>der des Images: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ServiceRegistryView</name>
    <message>
        <source>Service / instance</source>
        <translation>Service / Instanz</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>Letzter Heartbeat</translation>
    </message>
    <message>
        <source>UP: ready, clients may call it; STARTING: not ready yet; DOWN: was ready, is not (crashed or failing)</source>
        <translation>UP: bereit, Clients dürfen sie aufrufen; STARTING: noch nicht bereit; DOWN: war bereit, ist es nicht mehr (abgestürzt oder fehlerhaft)</translation>
    </message>
    <message>
        <source>Instances renew their registration every 30 s while they run</source>
        <translation>Instanzen erneuern ihre Registrierung alle 30 s, solange sie laufen</translation>
    </message>
    <message>
        <source>The service registry: what a client-side discovery registry such as Eureka or Consul would hold. Clients look a Service up here and pick an UP instance themselves, where kube-proxy&apos;s server-side discovery picks one for them behind the cluster IP.</source>
        <translation>Die Service-Registry: das, was eine Registry für clientseitige Discovery wie Eureka oder Consul enthalten würde. Clients schlagen einen Service hier nach und wählen selbst eine UP-Instanz aus, während bei der serverseitigen Discovery von kube-proxy hinter der Cluster-IP eine für sie ausgewählt wird.</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message numerus="yes">
        <source>%n UP</source>
        <translation>
            <numerusform>%n UP</numerusform>
            <numerusform>%n UP</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n STARTING</source>
        <translation>
            <numerusform>%n STARTING</numerusform>
            <numerusform>%n STARTING</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n DOWN</source>
        <translation>
            <numerusform>%n DOWN</numerusform>
            <numerusform>%n DOWN</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 instances shown</source>
        <translation>%1 von %2 Instanzen angezeigt</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::ServicesPage</name>
    <message>
        <source>S&amp;end</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>&amp;Requests/s:</source>
        <translation>&amp;Anfragen/s:</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Requests per second the sandbox&apos;s traffic generator sends to the Service (Enter sends); kube-proxy spreads them over the ready pods</source>
        <translation>Anfragen pro Sekunde, die der Traffic-Generator der Sandbox an den Service sendet (Eingabetaste sendet); kube-proxy verteilt sie auf die bereiten Pods</translation>
    </message>
    <message>
        <source>Send this many requests per second to the selected Service</source>
        <translation>So viele Anfragen pro Sekunde an den ausgewählten Service senden</translation>
    </message>
    <message>
        <source>Stop the traffic to the selected Service</source>
        <translation>Den Traffic an den ausgewählten Service stoppen</translation>
    </message>
    <message>
        <source>This connection cannot generate traffic: only the sandbox simulates it.</source>
        <translation>Über diese Verbindung lässt sich kein Traffic erzeugen: Nur die Sandbox simuliert ihn.</translation>
    </message>
    <message>
        <source>Service registry (client-side discovery)</source>
        <translation>Service-Registry (clientseitige Discovery)</translation>
    </message>
    <message>
        <source>Traffic (server-side discovery through the cluster IP)</source>
        <translation>Traffic (serverseitige Discovery über die Cluster-IP)</translation>
    </message>
    <message>
        <source>No Service selected</source>
        <translation>Kein Service ausgewählt</translation>
    </message>
    <message>
        <source>Select a Service above to send it traffic and see its instances.</source>
        <translation>Oben einen Service auswählen, um Traffic an ihn zu senden und seine Instanzen zu sehen.</translation>
    </message>
    <message>
        <source>%1 req/s, %2 % failed, p50 %3 ms, p99 %4 ms</source>
        <translation>%1 Anfr./s, %2 % fehlgeschlagen, p50 %3 ms, p99 %4 ms</translation>
    </message>
    <message>
        <source>Traffic &amp;Weights…</source>
        <translation>Traffic-&amp;Gewichte…</translation>
    </message>
    <message>
        <source>Split the selected Service&apos;s requests over its versions by exact shares (a canary&apos;s 10 %), or go back to plain load balancing</source>
        <translation>Die Anfragen an den ausgewählten Service in exakten Anteilen auf seine Versionen aufteilen (etwa 10 % für einen Canary) oder zur einfachen Lastverteilung zurückkehren</translation>
    </message>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2 %</translation>
    </message>
    <message>
        <source>weights: %1</source>
        <translation>Gewichte: %1</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::StrategyCard</name>
    <message>
        <source> (selected)</source>
        <translation> (ausgewählt)</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::StrategyDiagram</name>
    <message>
        <source>Diagram of %1</source>
        <translation>Diagramm: %1</translation>
    </message>
    <message>
        <source>v1</source>
        <translation>v1</translation>
    </message>
    <message>
        <source>v1 + v2</source>
        <translation>v1 + v2</translation>
    </message>
    <message>
        <source>v2</source>
        <translation>v2</translation>
    </message>
    <message>
        <source>pods replaced a few at a time →</source>
        <translation>Pods werden nach und nach ersetzt →</translation>
    </message>
    <message>
        <source>switch</source>
        <translation>Umschalten</translation>
    </message>
    <message>
        <source>blue: live</source>
        <translation>Blue: live</translation>
    </message>
    <message>
        <source>green: verified</source>
        <translation>Green: geprüft</translation>
    </message>
    <message>
        <source>all requests move at once</source>
        <translation>alle Anfragen wechseln auf einmal</translation>
    </message>
    <message>
        <source>90 %</source>
        <translation>90 %</translation>
    </message>
    <message>
        <source>10 %</source>
        <translation>10 %</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>stabil</translation>
    </message>
    <message>
        <source>canary</source>
        <translation>Canary</translation>
    </message>
    <message>
        <source>the share grows while metrics stay healthy</source>
        <translation>der Anteil wächst, solange die Metriken gesund bleiben</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::StrategyPage</name>
    <message>
        <source>Rolling update</source>
        <translation>Rolling Update</translation>
    </message>
    <message>
        <source>Pods of the new version replace the old ones a few at a time, as a Deployment does.</source>
        <translation>Pods der neuen Version ersetzen die alten nach und nach, wie bei einem Deployment.</translation>
    </message>
    <message>
        <source>No downtime, and the update goes slowly enough to be watched.</source>
        <translation>Keine Ausfallzeit, und das Update läuft langsam genug, um es zu beobachten.</translation>
    </message>
    <message>
        <source>For a while both versions answer requests at once.</source>
        <translation>Eine Zeit lang beantworten beide Versionen gleichzeitig Anfragen.</translation>
    </message>
    <message>
        <source>Good for everyday updates of services that can run two versions side by side.</source>
        <translation>Gut für alltägliche Updates von Diensten, die zwei Versionen nebeneinander betreiben können.</translation>
    </message>
    <message>
        <source>Blue/green</source>
        <translation>Blue/Green</translation>
    </message>
    <message>
        <source>The new version (green) starts beside the old one (blue); once green is verified, the Service switches every request to it at once.</source>
        <translation>Die neue Version (Green) startet neben der alten (Blue); sobald Green geprüft ist, leitet der Service alle Anfragen auf einmal auf sie um.</translation>
    </message>
    <message>
        <source>Instant rollback: blue keeps running for a while, and green can be tested first.</source>
        <translation>Sofortiges Zurückrollen: Blue läuft noch eine Weile weiter, und Green lässt sich vorher testen.</translation>
    </message>
    <message>
        <source>Needs double the resources while both versions run.</source>
        <translation>Braucht doppelt so viele Ressourcen, solange beide Versionen laufen.</translation>
    </message>
    <message>
        <source>Good for releases that must be tested in place, or switched back from in a second.</source>
        <translation>Gut für Releases, die vor Ort getestet oder in einer Sekunde zurückgeschaltet werden müssen.</translation>
    </message>
    <message>
        <source>Canary</source>
        <translation>Canary</translation>
    </message>
    <message>
        <source>A small share of the requests (say 10 %) goes to the new version; the share grows while its metrics stay healthy, up to 100 %.</source>
        <translation>Ein kleiner Anteil der Anfragen (etwa 10 %) geht an die neue Version; der Anteil wächst bis auf 100 %, solange ihre Metriken gesund bleiben.</translation>
    </message>
    <message>
        <source>Lowest risk: a bug reaches only a few users, and a failing analysis aborts by itself.</source>
        <translation>Geringstes Risiko: Ein Fehler erreicht nur wenige Benutzer, und eine fehlschlagende Analyse bricht von selbst ab.</translation>
    </message>
    <message>
        <source>Takes the longest; two versions serve meanwhile.</source>
        <translation>Dauert am längsten; währenddessen bedienen zwei Versionen.</translation>
    </message>
    <message>
        <source>Good for risky changes, judged on a little real traffic before everyone gets them.</source>
        <translation>Gut für riskante Änderungen, die an etwas echtem Traffic bewertet werden, bevor alle sie erhalten.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Strategie</translation>
    </message>
    <message>
        <source>How each new version replaces the one that serves. Click a card, or use the arrow keys or 1, 2, 3.</source>
        <translation>Wie jede neue Version die bedienende ersetzt. Eine Karte anklicken oder die Pfeiltasten bzw. 1, 2, 3 verwenden.</translation>
    </message>
    <message>
        <source>Whatever you choose, the first version of a Rollout serves at once; the strategy applies when you deploy a new version.</source>
        <translation>Unabhängig von der Wahl bedient die erste Version eines Rollouts sofort; die Strategie greift, wenn Sie eine neue Version deployen.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::TargetPage</name>
    <message>
        <source>A &amp;Rollout object, run by the sandbox: exact traffic weights, analysis of the simulated requests</source>
        <translation>Einem &amp;Rollout-Objekt, von der Sandbox ausgeführt: exakte Traffic-Gewichte, Analyse der simulierten Anfragen</translation>
    </message>
    <message>
        <source>&amp;Plain Deployments and Services, driven by Flotilla: what it does on a cluster without the Rollout kind</source>
        <translation>&amp;Einfachen Deployments und Services, von Flotilla gesteuert: so verfährt es auf einem Cluster ohne die Objektart Rollout</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Where the new workload runs.</source>
        <translation>Wo der neue Workload läuft.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · simulated sandbox</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · simulierte Sandbox</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The cluster of this window. Deploying to another cluster comes later: export the plan on the last page to apply it elsewhere.</source>
        <translation>Der Cluster dieses Fensters. Das Deployen in einen anderen Cluster kommt später: Exportieren Sie den Plan auf der letzten Seite, um ihn anderswo anzuwenden.</translation>
    </message>
    <message>
        <source>Cluster:</source>
        <translation>Cluster:</translation>
    </message>
    <message>
        <source>&amp;Namespace:</source>
        <translation>&amp;Namespace:</translation>
    </message>
    <message>
        <source>Pick a namespace or type a new one: a namespace that does not exist yet is created with the deployment.</source>
        <translation>Einen Namespace auswählen oder einen neuen eingeben: Ein noch nicht vorhandener Namespace wird mit dem Deployment erstellt.</translation>
    </message>
    <message>
        <source>Run with:</source>
        <translation>Ausführen mit:</translation>
    </message>
    <message>
        <source>With plain objects each version is a Deployment and Flotilla moves the Service selectors and replica counts itself, while it runs: a canary&apos;s weight becomes its share of the pods, and there is no analysis (no request metrics to judge).</source>
        <translation>Mit einfachen Objekten ist jede Version ein Deployment, und Flotilla passt die Service-Selektoren und Replikatzahlen selbst an, solange es läuft: Das Gewicht eines Canary wird zu seinem Anteil an den Pods, und es gibt keine Analyse (keine Anfragemetriken zum Bewerten).</translation>
    </message>
    <message>
        <source>&lt;p&gt;This wizard deploys a workload as a &lt;b&gt;Rollout&lt;/b&gt;: a Deployment-like set of pods plus a &lt;i&gt;strategy&lt;/i&gt; that decides how each later version replaces the one that serves.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Workload&lt;/b&gt; — the image, how many replicas, resources, environment and probes.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Strategy&lt;/b&gt; — rolling update, blue/green or canary, with their trade-offs.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Parameters&lt;/b&gt; — the strategy&apos;s settings, checked as you type, with what they cost in time and capacity.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Review&lt;/b&gt; — the YAML to apply, what changes against what runs now, and exports for Kubernetes, Argo Rollouts or Flagger.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;The first version of a Rollout serves at once; the strategy applies from the second version on (deploy again with a new image).&lt;/p&gt;</source>
        <translation>&lt;p&gt;Dieser Assistent deployt einen Workload als &lt;b&gt;Rollout&lt;/b&gt;: eine Gruppe von Pods wie bei einem Deployment, dazu eine &lt;i&gt;Strategie&lt;/i&gt;, die bestimmt, wie jede spätere Version die bedienende ersetzt.&lt;/p&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Workload&lt;/b&gt; — das Image, wie viele Replikate, Ressourcen, Umgebung und Probes.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Strategie&lt;/b&gt; — Rolling Update, Blue/Green oder Canary, mit ihren Vor- und Nachteilen.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Parameter&lt;/b&gt; — die Einstellungen der Strategie, schon beim Tippen geprüft, samt ihren Kosten an Zeit und Kapazität.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Überprüfung&lt;/b&gt; — das anzuwendende YAML, die Änderungen gegenüber dem, was jetzt läuft, und Exporte für Kubernetes, Argo Rollouts oder Flagger.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Die erste Version eines Rollouts bedient sofort; die Strategie greift ab der zweiten Version (erneut mit einem neuen Image deployen).&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::TrafficChart</name>
    <message>
        <source>requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>failed %</source>
        <translation>fehlgeschlagen %</translation>
    </message>
    <message>
        <source>%1 req/s</source>
        <translation>%1 Anfr./s</translation>
    </message>
    <message>
        <source>(no version)</source>
        <translation>(keine Version)</translation>
    </message>
    <message>
        <source>Select a Service to see its traffic.</source>
        <translation>Einen Service auswählen, um seinen Traffic zu sehen.</translation>
    </message>
    <message>
        <source>No traffic yet. Set a request rate above: the sandbox&apos;s traffic generator sends that many requests per second through the Service, and this chart shows each version&apos;s share and the failed requests over time.</source>
        <translation>Noch kein Traffic. Oben eine Anfragerate festlegen: Der Traffic-Generator der Sandbox sendet dann so viele Anfragen pro Sekunde über den Service, und dieses Diagramm zeigt den Anteil jeder Version und die fehlgeschlagenen Anfragen im zeitlichen Verlauf.</translation>
    </message>
    <message>
        <source>Traffic stopped</source>
        <translation>Traffic gestoppt</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::TrafficWeightsDialog</name>
    <message>
        <source>C&amp;lear Weights</source>
        <translation>Gewichte auf&amp;heben</translation>
    </message>
    <message>
        <source>Traffic Weights — %1</source>
        <translation>Traffic-Gewichte — %1</translation>
    </message>
    <message>
        <source>Send an exact share of the requests to &lt;b&gt;%1&lt;/b&gt; to each version of its pods, whatever their number of replicas — as a service mesh splits a canary&apos;s traffic. Without weights, kube-proxy spreads the requests over every ready pod.</source>
        <translation>Von den Anfragen an &lt;b&gt;%1&lt;/b&gt; jeder Version seiner Pods einen exakten Anteil zusenden, unabhängig von der Zahl ihrer Replikate – so wie ein Service Mesh den Traffic eines Canarys aufteilt. Ohne Gewichte verteilt kube-proxy die Anfragen auf alle bereiten Pods.</translation>
    </message>
    <message>
        <source>(no version)</source>
        <translation>(keine Version)</translation>
    </message>
    <message>
        <source>1 ready pod</source>
        <translation>1 bereiter Pod</translation>
    </message>
    <message>
        <source>%1 ready pods</source>
        <translation>%1 bereite Pods</translation>
    </message>
    <message>
        <source>%1 req/s now</source>
        <translation>derzeit %1 Anfr./s</translation>
    </message>
    <message>
        <source>Share of %1</source>
        <translation>Anteil von %1</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Share of %1 in percent</source>
        <translation>Anteil von %1 in Prozent</translation>
    </message>
    <message>
        <source>No pods are behind this Service yet: there is nothing to split. Weights are set per version (the pods&apos; version label, else their pod template).</source>
        <translation>Hinter diesem Service stehen noch keine Pods: Es gibt nichts aufzuteilen. Gewichte gelten je Version (das Versions-Label der Pods, sonst ihr Pod-Template).</translation>
    </message>
    <message>
        <source>Remove the weights: kube-proxy spreads the requests over every ready pod again</source>
        <translation>Die Gewichte entfernen: kube-proxy verteilt die Anfragen wieder auf alle bereiten Pods</translation>
    </message>
    <message>
        <source>&amp;Apply Weights</source>
        <translation>Gewichte &amp;anwenden</translation>
    </message>
    <message>
        <source>No versions to weigh.</source>
        <translation>Keine Versionen zu gewichten.</translation>
    </message>
    <message>
        <source>The shares must add up to 100 %: %1 % left to give.</source>
        <translation>Die Anteile müssen zusammen 100 % ergeben: noch %1 % zu vergeben.</translation>
    </message>
    <message>
        <source>The shares must add up to 100 %: %1 % too much.</source>
        <translation>Die Anteile müssen zusammen 100 % ergeben: %1 % zu viel.</translation>
    </message>
    <message>
        <source>Total: %1 %</source>
        <translation>Gesamt: %1 %</translation>
    </message>
    <message>
        <source>The weights could not be set.</source>
        <translation>Die Gewichte konnten nicht festgelegt werden.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::WindowSession</name>
    <message>
        <source>Cannot Open %1</source>
        <translation>%1 kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Flotilla cannot open context %1.</source>
        <translation>Flotilla kann den Kontext %1 nicht öffnen.</translation>
    </message>
</context>
<context>
    <name>flotilla::widgets::WorkloadPage</name>
    <message>
        <source>&amp;Readiness probe</source>
        <translation>&amp;Readiness-Probe</translation>
    </message>
    <message>
        <source>&amp;Liveness probe</source>
        <translation>&amp;Liveness-Probe</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>Workload</translation>
    </message>
    <message>
        <source>What runs: the image, how many pods of it, what each may use, and how Kubernetes checks it.</source>
        <translation>Was läuft: das Image, wie viele Pods davon, was jeder nutzen darf und wie Kubernetes ihn prüft.</translation>
    </message>
    <message>
        <source>e.g. shop:v1</source>
        <translation>z. B. shop:v1</translation>
    </message>
    <message>
        <source>An image built on the Build page, or any reference</source>
        <translation>Ein auf der Seite „Build“ gebautes Image oder eine beliebige Referenz</translation>
    </message>
    <message>
        <source>e.g. shop</source>
        <translation>z. B. shop</translation>
    </message>
    <message>
        <source>Names the Rollout, its pods and its Services (a DNS-1123 label)</source>
        <translation>Benennt das Rollout, seine Pods und seine Services (ein DNS-1123-Label)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <source>CPU the scheduler reserves per pod: 100m is a tenth of a core</source>
        <translation>CPU, die der Scheduler je Pod reserviert: 100m ist ein Zehntel eines Kerns</translation>
    </message>
    <message>
        <source>Most CPU a pod may use; empty: no limit</source>
        <translation>Höchstens nutzbare CPU eines Pods; leer: kein Limit</translation>
    </message>
    <message>
        <source>Memory the scheduler reserves per pod, e.g. 64Mi</source>
        <translation>Speicher, den der Scheduler je Pod reserviert, z. B. 64Mi</translation>
    </message>
    <message>
        <source>A pod that uses more memory is OOMKilled; empty: no limit</source>
        <translation>Ein Pod, der mehr Speicher nutzt, wird per OOMKilled beendet; leer: kein Limit</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>&amp;Image:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Re&amp;plicas:</source>
        <translation>Re&amp;plikate:</translation>
    </message>
    <message>
        <source>Container &amp;port:</source>
        <translation>Container-P&amp;ort:</translation>
    </message>
    <message>
        <source>limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>&amp;CPU request:</source>
        <translation>&amp;CPU-Anforderung:</translation>
    </message>
    <message>
        <source>&amp;Memory request:</source>
        <translation>&amp;Speicheranforderung:</translation>
    </message>
    <message>
        <source>Kubernetes quantities: CPU in cores (0.5) or millicores (500m), memory in bytes with a unit (64Mi, 1Gi). Requests are what the scheduler reserves; limits, what a pod may use at most.</source>
        <translation>Kubernetes-Mengenangaben: CPU in Kernen (0.5) oder Millicores (500m), Speicher in Bytes mit Einheit (64Mi, 1Gi). Anforderungen reserviert der Scheduler; Limits sind das, was ein Pod höchstens nutzen darf.</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Add an environment variable</source>
        <translation>Eine Umgebungsvariable hinzufügen</translation>
    </message>
    <message>
        <source>Remove the selected variable</source>
        <translation>Die ausgewählte Variable entfernen</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>From Con&amp;figMap:</source>
        <translation>Aus Con&amp;figMap:</translation>
    </message>
    <message>
        <source>From &amp;Secret:</source>
        <translation>Aus Secre&amp;t:</translation>
    </message>
    <message>
        <source>Every key of the ConfigMap becomes an environment variable (envFrom)</source>
        <translation>Jeder Schlüssel der ConfigMap wird zu einer Umgebungsvariablen (envFrom)</translation>
    </message>
    <message>
        <source>Every key of the Secret becomes an environment variable (envFrom)</source>
        <translation>Jeder Schlüssel des Secrets wird zu einer Umgebungsvariablen (envFrom)</translation>
    </message>
    <message>
        <source>GET</source>
        <translation>GET</translation>
    </message>
    <message>
        <source>port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Requests reach a pod only while this answers: a new version gets traffic when it is ready</source>
        <translation>Anfragen erreichen einen Pod nur, solange dieser Endpunkt antwortet: Eine neue Version erhält Traffic, sobald sie bereit ist</translation>
    </message>
    <message>
        <source>The kubelet restarts a container whose liveness check keeps failing</source>
        <translation>Das Kubelet startet einen Container neu, dessen Liveness-Prüfung wiederholt fehlschlägt</translation>
    </message>
    <message>
        <source>(none in this namespace)</source>
        <translation>(keine in diesem Namespace)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <source>Added</source>
        <translation>Hinzugefügt</translation>
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
        <source>Size of the image&apos;s layers</source>
        <translation>Größe der Layer des Images</translation>
    </message>
    <message>
        <source>catalog: built into Flotilla (configuration and size only); built: made from a Dockerfile; pulled: from a registry</source>
        <translation>Katalog: in Flotilla eingebaut (nur Konfiguration und Größe); gebaut: aus einem Dockerfile erstellt; heruntergeladen: aus einer Registry</translation>
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
        <source>sandbox · simulated</source>
        <translation>Sandbox · simuliert</translation>
    </message>
    <message>
        <source>cluster</source>
        <translation>Cluster</translation>
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
        <source>What the cluster did and why: scheduling, image pulls, container starts, and failures.</source>
        <translation>Was der Cluster getan hat und warum: Einplanung, Image-Downloads, Containerstarts und Fehler.</translation>
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
</TS>

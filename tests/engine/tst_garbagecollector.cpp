#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/sandbox/sandbox.h>
#include <engine/store/sqlitepersistence.h>
#include "sandboxtestutil.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace flotilla::engine;

namespace {
std::unique_ptr<sandbox::Sandbox> openSandbox(const QString &dataDir = {})
{
    return flotilla::testutil::openSandbox(5, {}, dataDir.toStdString());
}

using flotilla::testutil::runFor;

std::string configMap(const std::string &name, const std::string &ns = "default", const std::string &owners = {})
{
    std::string y = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\n";
    if (!owners.empty())
        y += "  ownerReferences:\n" + owners;
    return y + "data: {a: '1'}\n";
}

std::string ownerRef(const std::string &kind, const std::string &name, const std::string &uid)
{
    return "  - {apiVersion: v1, kind: " + kind + ", name: " + name + ", uid: '" + uid + "'}\n";
}

std::string uidOf(sandbox::Sandbox &sb, std::string_view kind, const std::string &name, const std::string &ns = "default")
{
    const auto o = sb.store().get(kind, ns, name);
    return o ? o->metadata.uid : std::string();
}

const std::string kReplicaSet = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  replicas: 2\n"
                                "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                                "    spec: {containers: [{name: web, image: 'nginx:1.25'}]}\n";

std::string deployment(const std::string &ns, const std::string &podLabel = "web")
{
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: " + ns +
           "}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: " +
           podLabel + "}}\n    spec: {containers: [{name: web, image: 'nginx:1.25'}]}\n";
}

std::vector<api::ObjectPtr> podsOf(sandbox::Sandbox &sb, const std::string &ns = "default")
{
    std::vector<api::ObjectPtr> out;
    for (const auto &p : sb.store().list(api::kind::Pod, ns))
        if (p->metadata.labels.count("app"))
            out.push_back(p);
    return out;
}
} // namespace

class tst_GarbageCollector : public QObject {
    Q_OBJECT
private slots:
    void backgroundDeletesDependentsOfAnyKind();
    void orphanKeepsDependentsWithoutTheReference();
    void orphanedDeploymentKeepsItsReplicaSet();
    void newObjectWithAMissingOwnerIsCollected();
    void missingOwnersAreCollectedAtStartUp();
    void namespaceDeletionCascades();
    void systemNamespacesAreForbidden_data();
    void systemNamespacesAreForbidden();
    void creationRefusedInATerminatingNamespace();
    void selectorNotMatchingTemplateIsRefused();
    void serviceSelectingNothingIsExplained();
};

void tst_GarbageCollector::backgroundDeletesDependentsOfAnyKind()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(configMap("owner")).ok());
    const std::string uid = uidOf(*sb, api::kind::ConfigMap, "owner");
    const std::string ref = ownerRef("ConfigMap", "owner", uid);
    QVERIFY(sb->apply(configMap("dependent", "default", ref)).ok());
    QVERIFY(sb->apply("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  ownerReferences:\n" + ref +
                      "stringData: {k: v}\n")
                .ok());
    QVERIFY(sb->apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: p}\n  ownerReferences:\n" + ref +
                      "spec: {containers: [{name: c, image: 'nginx:1.25'}]}\n")
                .ok());
    runFor(*sb, 15'000);
    QCOMPARE(api::summarizePod(*sb->store().get(api::kind::Pod, "default", "p")).status, std::string("Running"));
    QCOMPARE(int(sb->garbageCollector().dependentsOf(*sb->store().get(api::kind::ConfigMap, "default", "owner")).size()), 3);

    QVERIFY(sb->remove(api::kind::ConfigMap, "default", "owner").ok());
    QVERIFY(!sb->store().get(api::kind::ConfigMap, "default", "dependent"));
    QVERIFY(!sb->store().get(api::kind::Secret, "default", "s"));
    const auto pod = sb->store().get(api::kind::Pod, "default", "p");
    QVERIFY(pod);
    QVERIFY(pod->metadata.deletionTimestamp); // gracefully, through Terminating
    runFor(*sb, 10'000);
    QVERIFY(!sb->store().get(api::kind::Pod, "default", "p"));
}

void tst_GarbageCollector::orphanKeepsDependentsWithoutTheReference()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kReplicaSet).ok());
    runFor(*sb, 15'000);
    QCOMPARE(int(podsOf(*sb).size()), 2);
    QVERIFY(sb->remove(api::kind::ReplicaSet, "default", "web", cluster::Propagation::Orphan).ok());
    QVERIFY(!sb->store().get(api::kind::ReplicaSet, "default", "web"));
    runFor(*sb, 30'000);
    const auto pods = podsOf(*sb);
    QCOMPARE(int(pods.size()), 2);
    for (const auto &p : pods) {
        QVERIFY(p->metadata.ownerReferences.empty());
        QVERIFY(!p->metadata.deletionTimestamp);
        QCOMPARE(api::summarizePod(*p).status, std::string("Running"));
    }
    // a new ReplicaSet adopts them instead of starting others
    QVERIFY(sb->apply(kReplicaSet).ok());
    runFor(*sb, 15'000);
    QCOMPARE(int(podsOf(*sb).size()), 2);
    for (const auto &p : podsOf(*sb))
        QCOMPARE(p->metadata.ownerReferences.size(), size_t(1));
    // and deleting that one (background) takes them along
    QVERIFY(sb->remove(api::kind::ReplicaSet, "default", "web").ok());
    runFor(*sb, 15'000);
    QVERIFY(podsOf(*sb).empty());
}

void tst_GarbageCollector::orphanedDeploymentKeepsItsReplicaSet()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(deployment("default")).ok());
    runFor(*sb, 20'000);
    QCOMPARE(int(podsOf(*sb).size()), 3);
    QVERIFY(sb->remove(api::kind::Deployment, "default", "web", cluster::Propagation::Orphan).ok());
    runFor(*sb, 20'000);
    const auto sets = sb->store().list(api::kind::ReplicaSet, "default");
    QCOMPARE(int(sets.size()), 1);
    QVERIFY(sets.front()->metadata.ownerReferences.empty());
    QCOMPARE(int(podsOf(*sb).size()), 3);
}

void tst_GarbageCollector::newObjectWithAMissingOwnerIsCollected()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(configMap("alive")).ok());
    const std::string alive = ownerRef("ConfigMap", "alive", uidOf(*sb, api::kind::ConfigMap, "alive"));
    const std::string missing = ownerRef("ConfigMap", "gone", "00000000-0000-0000-0000-000000000000");
    QVERIFY(sb->apply(configMap("lost", "default", missing)).ok());
    QVERIFY(sb->apply(configMap("half", "default", missing + alive)).ok());
    QVERIFY(!sb->store().get(api::kind::ConfigMap, "default", "lost"));
    const auto half = sb->store().get(api::kind::ConfigMap, "default", "half");
    QVERIFY(half);
    QCOMPARE(half->metadata.ownerReferences.size(), size_t(1));
    QCOMPARE(half->metadata.ownerReferences.front().name, std::string("alive"));
}

void tst_GarbageCollector::missingOwnersAreCollectedAtStartUp()
{
    QTemporaryDir dir;
    std::string statePath;
    {
        auto sb = openSandbox(dir.path());
        QVERIFY(sb->apply(configMap("owner")).ok());
        const std::string ref = ownerRef("ConfigMap", "owner", uidOf(*sb, api::kind::ConfigMap, "owner"));
        QVERIFY(sb->apply(configMap("dependent", "default", ref)).ok());
        statePath = sb->statePath();
    }
    {
        // the owner disappears while the sandbox is closed
        auto persistence = store::SqlitePersistence::open(statePath);
        QVERIFY(persistence.ok());
        auto loaded = (*persistence)->load();
        QVERIFY(loaded.ok());
        const store::PendingWrite gone{std::string(api::kind::ConfigMap), "default/owner", nullptr};
        QVERIFY((*persistence)->commit(std::span(&gone, 1), loaded->resourceVersion + 1).ok());
    }
    auto sb = openSandbox(dir.path());
    QVERIFY(!sb->store().get(api::kind::ConfigMap, "default", "owner"));
    QVERIFY(!sb->store().get(api::kind::ConfigMap, "default", "dependent"));
}

void tst_GarbageCollector::namespaceDeletionCascades()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n").ok());
    QVERIFY(sb->apply(deployment("shop")).ok());
    QVERIFY(sb->apply(configMap("settings", "shop")).ok());
    QVERIFY(sb->apply("apiVersion: v1\nkind: Secret\nmetadata: {name: key, namespace: shop}\nstringData: {k: v}\n").ok());
    QVERIFY(sb->apply("apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n"
                      "spec: {selector: {app: web}, ports: [{port: 80}]}\n")
                .ok());
    runFor(*sb, 20'000);
    QCOMPARE(int(podsOf(*sb, "shop").size()), 3);
    QVERIFY(sb->store().get(api::kind::Endpoints, "shop", "web"));

    const auto removed = sb->remove(api::kind::Namespace, {}, "shop");
    QVERIFY(removed.ok());
    const auto ns = sb->store().get(api::kind::Namespace, {}, "shop");
    QVERIFY(ns); // pods are still stopping
    QVERIFY(ns->metadata.deletionTimestamp);
    QCOMPARE(api::stringField(ns->status(), "phase"), std::string("Terminating"));
    const auto finalizers = api::field(ns->spec(), "finalizers");
    QVERIFY(std::find(finalizers.begin(), finalizers.end(), "kubernetes") != finalizers.end());
    QVERIFY(sb->garbageCollector().isTerminating("shop"));
    // for a moment the contents stay (and may still be deleted one by one), while nothing new may come
    QVERIFY(sb->store().get(api::kind::ConfigMap, "shop", "settings"));
    QVERIFY(sb->remove(api::kind::ConfigMap, "shop", "settings").ok());
    runFor(*sb, 1'000);
    QVERIFY(sb->store().get(api::kind::Secret, "shop", "key")); // that deletion did not bring the sweep forward
    const auto refused = sb->apply(configMap("other", "shop"));
    QVERIFY(!refused.ok());
    QVERIFY(refused.errors.front().message.find("because it is being terminated") != std::string::npos);
    QCOMPARE(sb->remove(api::kind::Namespace, {}, "shop").value()->metadata.name, std::string("shop")); // again: no-op
    runFor(*sb, 15'000);
    for (auto kind : {api::kind::Deployment, api::kind::ReplicaSet, api::kind::ConfigMap, api::kind::Secret,
                      api::kind::Service, api::kind::Endpoints})
        QVERIFY2(sb->store().list(kind, "shop").empty(), std::string(kind).c_str());
    for (const auto &p : podsOf(*sb, "shop"))
        QVERIFY(p->metadata.deletionTimestamp); // Terminating, gracefully, if not gone yet

    runFor(*sb, 10'000);
    QVERIFY(podsOf(*sb, "shop").empty());
    QVERIFY(!sb->store().get(api::kind::Namespace, {}, "shop"));
    QVERIFY(!sb->garbageCollector().isTerminating("shop"));
    for (const auto &k : api::allKinds())
        if (k.namespaced)
            QVERIFY2(sb->store().list(k.kind, "shop").empty(), std::string(k.kind).c_str());
    // the name is free again
    QVERIFY(sb->apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n").ok());
    QVERIFY(sb->apply(configMap("settings", "shop")).ok());
}

void tst_GarbageCollector::systemNamespacesAreForbidden_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("default") << "default";
    QTest::newRow("kube-system") << "kube-system";
    QTest::newRow("kube-public") << "kube-public";
}

void tst_GarbageCollector::systemNamespacesAreForbidden()
{
    QFETCH(QString, name);
    auto sb = openSandbox();
    const auto r = sb->remove(api::kind::Namespace, {}, name.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(int(r.error().code), int(Error::Code::Forbidden));
    QCOMPARE(r.error().message, "namespaces \"" + name.toStdString() + "\" is forbidden: this namespace may not be deleted");
    const auto ns = sb->store().get(api::kind::Namespace, {}, name.toStdString());
    QVERIFY(ns && !ns->metadata.deletionTimestamp);
    QVERIFY(!sb->store().list(api::kind::Pod, "kube-system").empty());
}

void tst_GarbageCollector::creationRefusedInATerminatingNamespace()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: doomed}\n").ok());
    QVERIFY(sb->apply("apiVersion: v1\nkind: Pod\nmetadata: {name: crate, namespace: doomed, labels: {app: c}}\n"
                      "spec: {containers: [{name: c, image: 'nginx:1.25'}]}\n")
                .ok());
    runFor(*sb, 15'000);
    QVERIFY(sb->remove(api::kind::Namespace, {}, "doomed").ok());
    QVERIFY(sb->garbageCollector().isTerminating("doomed"));

    const auto out = sb->apply(configMap("late", "doomed"));
    QVERIFY(!out.ok());
    QCOMPARE(out.errors.front().message,
             std::string("configmaps \"late\" is forbidden: unable to create new content in namespace doomed because "
                         "it is being terminated"));
    QCOMPARE(int(out.errors.front().code), int(Error::Code::Forbidden));
    // nothing of a refused input is written, even what was fine
    QVERIFY(!sb->apply(configMap("fine") + "---\n" + configMap("late", "doomed")).ok());
    QVERIFY(!sb->store().get(api::kind::ConfigMap, "default", "fine"));
    // controllers are refused too: the store asks before every create
    auto direct = std::make_shared<api::Object>();
    direct->apiVersion = "v1";
    direct->kind = std::string(api::kind::Pod);
    direct->metadata.ns = "doomed";
    direct->metadata.name = "x";
    const auto created = sb->store().create(direct);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().message,
             std::string("pods \"x\" is forbidden: unable to create new content in namespace doomed because it is being "
                         "terminated"));
    runFor(*sb, 25'000); // the contents go after 15 s, the pod after its grace period
    QVERIFY(!sb->store().get(api::kind::Namespace, {}, "doomed"));
}

void tst_GarbageCollector::selectorNotMatchingTemplateIsRefused()
{
    auto sb = openSandbox();
    const auto out = sb->apply(deployment("default", "other"));
    QVERIFY(!out.ok());
    QCOMPARE(out.errors.front().path, std::string("spec.template.metadata.labels"));
    QVERIFY2(out.errors.front().message.find("Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not "
                                             "match template `labels`") != std::string::npos,
             out.errors.front().message.c_str());
    QVERIFY(sb->store().list(api::kind::Deployment, "default").empty());
    const auto negative = sb->apply("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  replicas: -2\n"
                                    "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                                    "    spec: {containers: [{name: web, image: 'nginx:1.25'}]}\n");
    QVERIFY(!negative.ok());
    QCOMPARE(negative.errors.front().path, std::string("spec.replicas"));
}

void tst_GarbageCollector::serviceSelectingNothingIsExplained()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply("apiVersion: v1\nkind: Service\nmetadata: {name: lonely}\n"
                      "spec: {selector: {app: nobody}, ports: [{port: 80}]}\n")
                .ok());
    auto warnings = [&] {
        int n = 0;
        for (const auto &e : sb->store().list(api::kind::Event, "default"))
            if (api::stringField(api::field(e->body, "involvedObject"), "name") == "lonely" &&
                api::stringField(e->body, "reason") == "NoMatchingPods") {
                ++n;
                const std::string message = api::stringField(e->body, "message");
                if (message.find("app=nobody") == std::string::npos || api::stringField(e->body, "type") != "Warning")
                    return -1;
            }
        return n;
    };
    runFor(*sb, 2'000);
    QCOMPARE(warnings(), 0); // not at once: its pods may be on their way
    runFor(*sb, 15'000);
    QCOMPARE(warnings(), 1);
    const auto ep = sb->store().get(api::kind::Endpoints, "default", "lonely");
    QVERIFY(ep);
    QVERIFY(api::field(ep->body, "subsets").empty());
    // the controller keeps working: pods that match come into the endpoints
    QVERIFY(sb->apply("apiVersion: v1\nkind: Pod\nmetadata: {name: somebody, labels: {app: nobody}}\n"
                      "spec: {containers: [{name: c, image: 'nginx:1.25'}]}\n")
                .ok());
    runFor(*sb, 20'000);
    QCOMPARE(int(api::field(sb->store().get(api::kind::Endpoints, "default", "lonely")->body, "subsets").size()), 1);
    QCOMPARE(warnings(), 1);
}

QTEST_GUILESS_MAIN(tst_GarbageCollector)
#include "tst_garbagecollector.moc"

#include "credentials.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace flotilla::engine::serve {

namespace fs = std::filesystem;

namespace {

struct Free {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

constexpr long kValidDays = 3650;
constexpr long kRenewBeforeDays = 30;

Error opensslError(const std::string &what)
{
    return Error::make(Error::Code::Internal, what + " failed (OpenSSL)");
}

std::string bioText(BIO *bio)
{
    char *data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return n > 0 ? std::string(data, std::size_t(n)) : std::string();
}

bool addExtension(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    Owned<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

/// A certificate for `key`, signed by `issuerKey` (itself when issuer is null).
Owned<X509> makeCertificate(EVP_PKEY *key, const std::string &commonName, X509 *issuer, EVP_PKEY *issuerKey, bool ca)
{
    Owned<X509> cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1)
        return nullptr;
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1)
        return nullptr;
    serial[0] &= 0x7f; // positive, as RFC 5280 wants (Go refuses negative serials)
    serial[0] |= 0x01;
    Owned<BIGNUM> bn(BN_bin2bn(serial, sizeof serial, nullptr));
    if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())))
        return nullptr;
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValidDays * 24 * 3600);
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("Flotilla"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(commonName.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    if (X509_set_pubkey(cert.get(), key) != 1)
        return nullptr;
    X509 *issuerCert = issuer ? issuer : cert.get();
    bool ok = addExtension(cert.get(), issuerCert, NID_subject_key_identifier, "hash");
    if (ca) {
        ok = ok && addExtension(cert.get(), issuerCert, NID_basic_constraints, "critical,CA:TRUE")
             && addExtension(cert.get(), issuerCert, NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature");
    } else {
        ok = ok && addExtension(cert.get(), issuerCert, NID_basic_constraints, "critical,CA:FALSE")
             && addExtension(cert.get(), issuerCert, NID_key_usage, "critical,digitalSignature,keyEncipherment")
             && addExtension(cert.get(), issuerCert, NID_ext_key_usage, "serverAuth")
             && addExtension(cert.get(), issuerCert, NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost")
             && addExtension(cert.get(), issuerCert, NID_authority_key_identifier, "keyid:always");
    }
    if (!ok || X509_sign(cert.get(), issuerKey, EVP_sha256()) <= 0)
        return nullptr;
    return cert;
}

std::string certPem(X509 *cert)
{
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    return bio && PEM_write_bio_X509(bio.get(), cert) == 1 ? bioText(bio.get()) : std::string();
}

std::string keyPem(EVP_PKEY *key)
{
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    return bio && PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1
               ? bioText(bio.get())
               : std::string();
}

Owned<X509> parseCert(const std::string &pem)
{
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    return Owned<X509>(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

Owned<EVP_PKEY> parseKey(const std::string &pem)
{
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    return Owned<EVP_PKEY>(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

bool readFile(const fs::path &path, std::string &out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

/// The kept credentials, if complete, consistent and valid for a while longer.
bool loadExisting(const std::string &dir, Credentials &c)
{
    std::string caKey;
    if (!readFile(fs::path(dir) / "ca.crt", c.caCertPem) || !readFile(fs::path(dir) / "ca.key", caKey)
        || !readFile(fs::path(dir) / "server.crt", c.serverCertPem) || !readFile(fs::path(dir) / "server.key", c.serverKeyPem)
        || !readFile(fs::path(dir) / "token", c.token))
        return false;
    while (!c.token.empty() && (c.token.back() == '\n' || c.token.back() == '\r'))
        c.token.pop_back();
    if (c.token.size() != 64)
        return false;
    auto ca = parseCert(c.caCertPem);
    auto server = parseCert(c.serverCertPem);
    auto key = parseKey(c.serverKeyPem);
    if (!ca || !server || !key || X509_check_private_key(server.get(), key.get()) != 1)
        return false;
    Owned<EVP_PKEY> caPub(X509_get_pubkey(ca.get()));
    if (!caPub || X509_verify(server.get(), caPub.get()) != 1)
        return false;
    const std::time_t soon = std::time(nullptr) + kRenewBeforeDays * 24 * 3600;
    for (X509 *cert : {ca.get(), server.get()})
        if (X509_cmp_time(X509_get0_notAfter(cert), const_cast<std::time_t *>(&soon)) <= 0)
            return false;
    return true;
}

} // namespace

Status writeFileAtomically(const std::string &path, const std::string &content, unsigned mode)
{
    std::string tmpl = path + ".tmp.XXXXXX";
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0)
        return Error::make(Error::Code::Io, "cannot write " + path + ": " + std::strerror(errno));
    auto fail = [&](const char *what) -> Status {
        const int err = errno;
        ::close(fd);
        ::unlink(tmpl.c_str());
        return Error::make(Error::Code::Io, std::string("cannot ") + what + " " + path + ": " + std::strerror(err));
    };
    if (::fchmod(fd, mode) != 0)
        return fail("set the mode of");
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail("write");
        done += std::size_t(n);
    }
    if (::fsync(fd) != 0)
        return fail("sync");
    ::close(fd);
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmpl.c_str());
        return Error::make(Error::Code::Io, "cannot write " + path + ": " + std::strerror(err));
    }
    return {};
}

Result<Credentials> loadOrCreateCredentials(const std::string &dir)
{
    Credentials c;
    c.dir = dir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        return Error::make(Error::Code::Io, "cannot create " + dir + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (loadExisting(dir, c))
        return c;

    Owned<EVP_PKEY> caKey(EVP_EC_gen("P-256"));
    Owned<EVP_PKEY> serverKey(EVP_EC_gen("P-256"));
    if (!caKey || !serverKey)
        return opensslError("making a key");
    auto ca = makeCertificate(caKey.get(), "flotilla-ca", nullptr, caKey.get(), true);
    if (!ca)
        return opensslError("making the CA certificate");
    auto server = makeCertificate(serverKey.get(), "flotilla-apiserver", ca.get(), caKey.get(), false);
    if (!server)
        return opensslError("making the server certificate");
    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1)
        return opensslError("making a token");
    static const char *hex = "0123456789abcdef";
    c.token.clear();
    for (unsigned char b : random) {
        c.token += hex[b >> 4];
        c.token += hex[b & 15];
    }
    OPENSSL_cleanse(random, sizeof random);
    c.caCertPem = certPem(ca.get());
    c.serverCertPem = certPem(server.get());
    c.serverKeyPem = keyPem(serverKey.get());
    const std::string caKeyPem = keyPem(caKey.get());
    if (c.caCertPem.empty() || c.serverCertPem.empty() || c.serverKeyPem.empty() || caKeyPem.empty())
        return opensslError("encoding the credentials");
    // Keys and the token first: a certificate without its key would be refused on the next start anyway.
    for (const auto &[name, text, mode] : {std::tuple<const char *, std::string, unsigned>{"ca.key", caKeyPem, 0600},
                                           {"server.key", c.serverKeyPem, 0600},
                                           {"token", c.token + "\n", 0600},
                                           {"ca.crt", c.caCertPem, 0644},
                                           {"server.crt", c.serverCertPem, 0644}}) {
        if (Status s = writeFileAtomically((fs::path(dir) / name).string(), text, mode); !s.ok())
            return s.error();
    }
    return c;
}

} // namespace flotilla::engine::serve

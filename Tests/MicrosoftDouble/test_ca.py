"""The double's TLS material, made once per state folder with the openssl command line:
a test CA (ca.pem, which clients trust) and a server certificate it signed."""
import os
import subprocess


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_certificates(state):
    """A test CA and a server certificate for localhost, 127.0.0.1 and ::1, made once."""
    ca, key, cert = (os.path.join(state, name) for name in ("ca.pem", "server.key", "server.pem"))
    if all(os.path.exists(path) for path in (ca, key, cert)):
        return key, cert
    ca_key = os.path.join(state, "ca.key")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", ca_key, "-out", ca, "-days", "365",
            "-subj", "/CN=supportgate Microsoft double test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    csr = os.path.join(state, "server.csr")
    openssl("req", *ec, "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    extensions = os.path.join(state, "server.ext")
    with open(extensions, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nbasicConstraints=critical,CA:FALSE\n"
                "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
                "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer\n")
    openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
            "-out", cert, "-days", "365", "-extfile", extensions)
    for path in (ca_key, key):
        os.chmod(path, 0o600)
    os.chmod(ca, 0o644)
    return key, cert

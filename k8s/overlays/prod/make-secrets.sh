#!/usr/bin/env bash
# Makes the Secrets the prod overlay expects and that nothing in the repository holds (k8s/README.md, "Security"):
#   renvoi-admin-key           key                  the bootstrap admin API key (renvoi.auth.admin-key)
#   opensearch-certs           ca.crt tls.crt tls.key admin.crt admin.key
#                                                   OpenSearch's CA, node certificate (HTTP and transport) and
#                                                   admin certificate; private keys in PKCS#8
#   opensearch-ca              ca.crt               the CA alone, for the services
#   opensearch-<service>       username password    each service's OpenSearch internal user
#   opensearch-internal-users  internal_users.yml   those users with bcrypt hashes, for the security plugin
# (The Kafka credentials need nothing from you: Strimzi makes a Secret per KafkaUser.)
#
# Usage: make-secrets.sh OUT_DIR [NAMESPACE]      then: kubectl apply -f OUT_DIR/secrets.yaml
# OUT_DIR must not exist: it receives the CA's private key and every password; keep it somewhere safe (the CA
# key signs future node certificates) or delete it once applied. Nothing is sent to a cluster.
# Needs openssl, kubectl (client only: --dry-run=client) and one bcrypt tool: htpasswd (apache2-utils), or
# python3 with the bcrypt module or (up to Python 3.12) the crypt module.
set -euo pipefail

out=${1:?usage: make-secrets.sh OUT_DIR [NAMESPACE]}
ns=${2:-renvoi}
services=(ingest-service embed-service query-service link-checker)
days=825

[ -e "$out" ] && { echo "$out exists; choose a new directory" >&2; exit 1; }
mkdir -p "$out" && chmod 700 "$out" && cd "$out"
umask 077

random() { openssl rand -base64 32 | tr '+/' '-_' | tr -d '='; }

bcrypt() {
  if command -v htpasswd >/dev/null; then
    htpasswd -nbBC 12 x "$1" | cut -d: -f2 | tr -d '\n'
  elif python3 -c 'import bcrypt' 2>/dev/null; then
    PW="$1" python3 -c 'import bcrypt,os; print(bcrypt.hashpw(os.environ["PW"].encode(), bcrypt.gensalt(12)).decode(), end="")'
  elif python3 -W ignore -c 'import crypt,sys; sys.exit(0 if crypt.crypt("x", crypt.mksalt(crypt.METHOD_BLOWFISH)) else 1)' 2>/dev/null; then
    PW="$1" python3 -W ignore -c 'import crypt,os; print(crypt.crypt(os.environ["PW"], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=4096)), end="")'
  else
    echo "no bcrypt tool: install apache2-utils (htpasswd) or python3-bcrypt" >&2; exit 1
  fi
}

# OpenSearch CA, node and admin certificates. The subjects are what opensearch-security.yaml expects
# (plugins.security.nodes_dn, plugins.security.authcz.admin_dn).
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -sha256 -days "$days" -subj "/CN=renvoi-opensearch-ca" -out ca.crt

svc=opensearch
sans="DNS:$svc,DNS:$svc.$ns,DNS:$svc.$ns.svc,DNS:$svc.$ns.svc.cluster.local"
sans="$sans,DNS:$svc-headless,DNS:*.$svc-headless,DNS:*.$svc-headless.$ns.svc,DNS:*.$svc-headless.$ns.svc.cluster.local"
sans="$sans,DNS:localhost,IP:127.0.0.1"
issue() { # name subject [extensions...]
  local name=$1 subject=$2; shift 2
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key" 2>/dev/null   # PKCS#8
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
  printf '%s\n' "$@" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days "$days" \
    -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}
issue node "/CN=renvoi-opensearch-node" "subjectAltName=$sans" "keyUsage=digitalSignature,keyEncipherment" \
  "extendedKeyUsage=serverAuth,clientAuth"
issue admin "/CN=renvoi-opensearch-admin" "keyUsage=digitalSignature,keyEncipherment" "extendedKeyUsage=clientAuth"

secret() { kubectl create secret generic "$@" -n "$ns" --dry-run=client -o yaml; echo "---"; }

# one internal user per service: the plain password for the service, its hash for OpenSearch
printf '# Renvoi services (k8s/overlays/prod/make-secrets.sh); their roles are in roles_mapping.yml\n' > internal_users.yml
printf '_meta:\n  type: "internalusers"\n  config_version: 2\n' >> internal_users.yml
: > users.yaml
for s in "${services[@]}"; do
  pw=$(random)
  secret "opensearch-$s" --from-literal=username="$s" --from-literal=password="$pw" >> users.yaml
  printf '%s:\n  hash: "%s"\n  reserved: false\n  description: "%s"\n' "$s" "$(bcrypt "$pw")" "$s" >> internal_users.yml
done

{
  secret renvoi-admin-key --from-literal=key="$(random)"
  secret opensearch-certs --from-file=ca.crt --from-file=tls.crt=node.crt --from-file=tls.key=node.key \
    --from-file=admin.crt --from-file=admin.key
  secret opensearch-ca --from-file=ca.crt
  cat users.yaml
  secret opensearch-internal-users --from-file=internal_users.yml
} > secrets.yaml
rm -f users.yaml

echo "wrote $out/secrets.yaml; apply with: kubectl apply -f $out/secrets.yaml"

#!/usr/bin/env bash
# Sourced by infra/kafka/kafka.sh: the SASL_SSL listener's material and settings. Everything is
# generated once into $SECURITY_DIR (never committed: .data/ is ignored) and kept across restarts:
#
#   ca.pem, ca.key                  the development CA (10 years); clients trust ca.pem
#   broker.pem, broker.key          the broker's certificate for 127.0.0.1 and localhost, renewed on
#                                   'up' when missing or within 30 days of expiry
#   broker.p12, keystore.password   the same as the PKCS12 keystore the broker reads
#   credentials/<user>.password     SCRAM-SHA-512 password of each principal (mode 600)
#   credentials/<user>.applied      marker: the broker holds that password
#
# Needs openssl. SCRAM credentials are created with the broker's own tools: StorageTool
# --add-scram when the log dir is formatted, ConfigCommand for a broker formatted
# before (or a principal added since).

SCRAM_MECHANISM=SCRAM-SHA-512
SCRAM_ITERATIONS=8192
ADMIN_USER=admin
CREDENTIALS_DIR=$SECURITY_DIR/credentials
CERT_RENEW_SECONDS=$((30 * 24 * 3600))

sasl_ssl_enabled() { ((KAFKA_SASL_SSL_PORT > 0)); }

random_secret() { head -c 48 /dev/urandom | base64 | tr -d '\n/+=' | head -c 40; }

# Writes a file readable by the owner only, atomically.
write_secret() {
  (umask 077 && printf '%s\n' "$2" >"$1.tmp") && mv "$1.tmp" "$1"
}

ensure_ca() {
  [[ -s $SECURITY_DIR/ca.pem && -s $SECURITY_DIR/ca.key ]] && return 0
  log "generating the development CA in ${SECURITY_DIR#"$REPO_ROOT"/}"
  (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
    -days 3650 -subj "/O=Careflow development/CN=Careflow development Kafka CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$SECURITY_DIR/ca.key" -out "$SECURITY_DIR/ca.pem" 2>/dev/null) ||
    die "openssl could not create the CA"
  chmod 644 "$SECURITY_DIR/ca.pem" # public: every client reads it
  rm -f "$SECURITY_DIR/broker.pem" # a new CA needs a new broker certificate
}

ensure_broker_certificate() {
  if [[ -s $SECURITY_DIR/broker.pem && -s $SECURITY_DIR/broker.p12 ]] &&
    openssl x509 -noout -ext extendedKeyUsage -in "$SECURITY_DIR/broker.pem" 2>/dev/null | grep -q 'TLS Web Client Authentication' &&
    openssl x509 -checkend "$CERT_RENEW_SECONDS" -noout -in "$SECURITY_DIR/broker.pem" >/dev/null 2>&1; then
    return 0
  fi
  log "issuing the broker certificate (127.0.0.1, localhost)"
  local csr=$SECURITY_DIR/broker.csr ext=$SECURITY_DIR/broker.ext password
  (umask 077 && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
    -subj "/O=Careflow development/CN=localhost" -keyout "$SECURITY_DIR/broker.key" -out "$csr" 2>/dev/null) ||
    die "openssl could not create the broker key"
  printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' 'extendedKeyUsage=serverAuth' \
    'keyUsage=critical,digitalSignature' 'basicConstraints=critical,CA:FALSE' >"$ext"
  # clientAuth too: without the development listener, the broker logs in to its controller with it.
  sed -i 's/^extendedKeyUsage=serverAuth$/extendedKeyUsage=serverAuth,clientAuth/' "$ext"
  openssl x509 -req -in "$csr" -CA "$SECURITY_DIR/ca.pem" -CAkey "$SECURITY_DIR/ca.key" \
    -CAcreateserial -days 397 -sha256 -extfile "$ext" -out "$SECURITY_DIR/broker.pem" 2>/dev/null ||
    die "openssl could not sign the broker certificate"
  rm -f "$csr" "$ext" "$SECURITY_DIR/ca.srl"
  chmod 644 "$SECURITY_DIR/broker.pem"
  [[ -s $SECURITY_DIR/keystore.password ]] || write_secret "$SECURITY_DIR/keystore.password" "$(random_secret)"
  password=$(<"$SECURITY_DIR/keystore.password")
  (umask 077 && openssl pkcs12 -export -in "$SECURITY_DIR/broker.pem" -inkey "$SECURITY_DIR/broker.key" \
    -certfile "$SECURITY_DIR/ca.pem" -name broker -passout "pass:$password" \
    -out "$SECURITY_DIR/broker.p12.tmp") || die "openssl could not write the broker keystore"
  mv "$SECURITY_DIR/broker.p12.tmp" "$SECURITY_DIR/broker.p12"
}

# The admin and every principal of KAFKA_SCRAM_USERS get a password file once.
ensure_passwords() {
  mkdir -p "$CREDENTIALS_DIR"
  chmod 700 "$SECURITY_DIR" "$CREDENTIALS_DIR"
  local user
  # shellcheck disable=SC2086 # a space-separated list
  for user in "$ADMIN_USER" $SCRAM_USERS; do
    [[ $user =~ ^[A-Za-z0-9._-]{1,200}$ ]] || die "invalid SCRAM user name '$user' in KAFKA_SCRAM_USERS"
    [[ -s $CREDENTIALS_DIR/$user.password ]] && continue
    write_secret "$CREDENTIALS_DIR/$user.password" "$(random_secret)"
    rm -f "$CREDENTIALS_DIR/$user.applied"
  done
}

ensure_security_material() {
  command -v openssl >/dev/null 2>&1 || die "openssl not found (needed for the SASL_SSL listener's certificates; KAFKA_SASL_SSL_PORT=0 turns that listener off)"
  mkdir -p "$SECURITY_DIR"
  chmod 700 "$SECURITY_DIR"
  ensure_ca
  ensure_broker_certificate
  ensure_passwords
}

password_users() {
  local file
  for file in "$CREDENTIALS_DIR"/*.password; do
    [[ -e $file ]] && basename "$file" .password
  done
}

# StorageTool arguments, one per line: every user's credential at format time.
scram_format_args() {
  local user
  for user in $(password_users); do
    printf '%s\n' --add-scram \
      "$SCRAM_MECHANISM=[name=$user,iterations=$SCRAM_ITERATIONS,password=$(<"$CREDENTIALS_DIR/$user.password")]"
  done
}

mark_scram_applied() {
  local user
  for user in $(password_users); do : >"$CREDENTIALS_DIR/$user.applied"; done
}

# The broker certificate's subject as Kafka names the principal of a TLS client.
BROKER_PRINCIPAL='User:CN=localhost,O=Careflow development'

# Admin client settings for Kafka's tools over SASL_SSL (mode 600: it holds the admin password).
admin_client_config() {
  write_secret "$SECURITY_DIR/admin-client.properties" "security.protocol=SASL_SSL
sasl.mechanism=$SCRAM_MECHANISM
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$ADMIN_USER\" password=\"$(<"$CREDENTIALS_DIR/$ADMIN_USER.password")\";
ssl.truststore.type=PEM
ssl.truststore.location=$SECURITY_DIR/ca.pem"
}

# Users whose password the broker does not hold yet (formatted before, added since, rotated):
# one ConfigCommand each, over the development listener (whose ANONYMOUS principal is a super
# user) or, without it, as the admin over SASL_SSL. With `verify` (after a start) it also asks
# the broker which users it holds, instead of trusting the markers alone: Kafka 3.9.1 was seen
# to lose every SCRAM credential on restart after one had been deleted; this puts them back.
apply_missing_scram() {
  local user config bootstrap=("--bootstrap-server" "$KAFKA_HOST:$KAFKA_PORT") known='' missing
  missing=$(for user in $(password_users); do [[ -e $CREDENTIALS_DIR/$user.applied ]] || echo "$user"; done)
  [[ ${1:-} == verify || -n $missing ]] || return 0
  if [[ $PLAINTEXT_LISTENER == off ]]; then
    admin_client_config
    bootstrap=("--bootstrap-server" "$KAFKA_HOST:$KAFKA_SASL_SSL_PORT" "--command-config" "$SECURITY_DIR/admin-client.properties")
  fi
  if [[ ${1:-} == verify ]]; then
    known=$(kafka_tool "$CONFIG_COMMAND" "${bootstrap[@]}" --describe --entity-type users 2>/dev/null |
      sed -n "s/^SCRAM credential configs for user-principal '\([^']*\)' are .*/\1/p") ||
      die "ConfigCommand could not list the SCRAM credentials"
  fi
  for user in $(password_users); do
    if [[ -e $CREDENTIALS_DIR/$user.applied ]]; then
      [[ ${1:-} != verify ]] && continue
      grep -qx -- "$user" <<<"$known" && continue
    fi
    log "setting the SCRAM credential of '$user'"
    config=$CREDENTIALS_DIR/.$user.config
    # A file, not an argument: the password stays out of the process list. (The file form takes
    # no brackets around the credential's properties, unlike --add-config.)
    write_secret "$config" "$SCRAM_MECHANISM=iterations=$SCRAM_ITERATIONS,password=$(<"$CREDENTIALS_DIR/$user.password")"
    kafka_tool "$CONFIG_COMMAND" "${bootstrap[@]}" \
      --alter --entity-type users --entity-name "$user" --add-config-file "$config" >/dev/null ||
      {
        rm -f "$config"
        die "ConfigCommand could not set the SCRAM credential of '$user'"
      }
    rm -f "$config"
    : >"$CREDENTIALS_DIR/$user.applied"
  done
}

kafka_tool() {
  java -Xmx256m -Djava.awt.headless=true "$(tools_logging)" -cp "$LIBS_DIR/*" "$@"
}

# server.properties lines of the SASL_SSL listener and the authorizer.
security_config() {
  local password super_users="User:${ADMIN_USER};User:ANONYMOUS" login=''
  password=$(<"$SECURITY_DIR/keystore.password")
  if [[ $PLAINTEXT_LISTENER == off ]]; then
    super_users="User:${ADMIN_USER};${BROKER_PRINCIPAL}"
    # The broker's own (inter-broker) client logs in as the admin.
    login=" username=\"${ADMIN_USER}\" password=\"$(<"$CREDENTIALS_DIR/$ADMIN_USER.password")\""
  fi
  cat <<EOF

# SASL_SSL listener: TLS with the generated certificate, SCRAM-SHA-512 logins (infra/kafka/security.sh).
listener.name.sasl_ssl.sasl.enabled.mechanisms=${SCRAM_MECHANISM}
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required${login};
listener.name.sasl_ssl.ssl.keystore.type=PKCS12
listener.name.sasl_ssl.ssl.keystore.location=${SECURITY_DIR}/broker.p12
listener.name.sasl_ssl.ssl.keystore.password=${password}
listener.name.sasl_ssl.ssl.key.password=${password}
listener.name.sasl_ssl.ssl.client.auth=none
ssl.protocol=TLSv1.3
ssl.enabled.protocols=TLSv1.3,TLSv1.2
# Sessions log in again hourly, so a rotated or removed password takes effect without a restart.
connections.max.reauth.ms=3600000

# ACLs (generated from the contract: npm run kafka:acls). No ACL, no access. ANONYMOUS (the
# development PLAINTEXT listener's and the plaintext loopback controller's principal) is a super
# user only while that listener exists (KAFKA_PLAINTEXT_LISTENER=on), so npm start and npm test
# keep working as before.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=${super_users}
EOF
  if [[ $PLAINTEXT_LISTENER == on ]]; then return 0; fi
  # Without it, the controller listener is mutual TLS with the broker's certificate.
  cat <<EOF
listener.name.controller.ssl.keystore.type=PKCS12
listener.name.controller.ssl.keystore.location=${SECURITY_DIR}/broker.p12
listener.name.controller.ssl.keystore.password=${password}
listener.name.controller.ssl.key.password=${password}
listener.name.controller.ssl.truststore.type=PEM
listener.name.controller.ssl.truststore.location=${SECURITY_DIR}/ca.pem
listener.name.controller.ssl.client.auth=required
listener.name.sasl_ssl.ssl.truststore.type=PEM
listener.name.sasl_ssl.ssl.truststore.location=${SECURITY_DIR}/ca.pem
sasl.mechanism.inter.broker.protocol=${SCRAM_MECHANISM}
EOF
}

cmd_sasl_env() {
  sasl_ssl_enabled || return 0
  printf 'export KAFKA_SASL_SSL_BROKERS=%q\n' "$KAFKA_HOST:$KAFKA_SASL_SSL_PORT"
  printf 'export KAFKA_SASL_SSL_CA_FILE=%q\n' "$SECURITY_DIR/ca.pem"
  printf 'export KAFKA_SASL_SSL_CREDENTIALS_DIR=%q\n' "$CREDENTIALS_DIR"
}

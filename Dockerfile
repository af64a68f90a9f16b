# Haven's container image: a static binary on an empty base, run as a user without privileges.
#
#   docker build -t haven .
#   docker compose up        # with PostgreSQL; see compose.yaml and docs/operators.md
#
# .ci/run builds the binary with the same command, so this file cannot rot unnoticed.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/haven ./server \
 && mkdir -p /out/data

FROM scratch
# CA certificates, for an identity provider's JWKS URL and an OTLP collector over HTTPS.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/haven /haven
# The embedded SQLite database lives here when DATABASE_URL is not set.
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data
USER 65532:65532
ENV LISTEN_ADDR=:8080
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["/haven", "healthcheck"]
ENTRYPOINT ["/haven"]

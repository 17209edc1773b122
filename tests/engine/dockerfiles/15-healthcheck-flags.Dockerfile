FROM httpd:2.4
HEALTHCHECK --interval=1m30s --timeout=10s --start-period=5s \
    --start-interval=500ms --retries=3 \
    CMD curl -f http://localhost/ || exit 1
FROM redis:7 AS cache
HEALTHCHECK --interval=5s CMD ["redis-cli", "ping"]

// A small HTTP service: answers on port 8080 with its name, version and host.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
)

func main() {
	version := getenv("APP_VERSION", "1.0.0")
	port := getenv("PORT", "8080")
	host, _ := os.Hostname()

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"service": "go-multistage", "version": version, "host": host})
	})
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	})

	log.Printf("go-multistage %s listening on port %s", version, port)
	log.Fatal(http.ListenAndServe(":"+port, nil))
}

func getenv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

// How a receiver checks Tern's signature, with the Standard Webhooks library of each language:
// shown on the console's endpoint page and in the portal. Each snippet verifies the raw request
// body (not re-serialised JSON) and refuses what fails. Plain data without React, so that
// anything else that documents receiving webhooks shows the same text.

export type VerificationSnippet = {
  language: string;
  /** How to install the library. */
  install: string;
  code: string;
};

/** `secretHint` is what the code reads the signing secret from, e.g. an environment variable. */
export function verificationSnippets(secretHint = "WEBHOOK_SECRET"): VerificationSnippet[] {
  return [
    {
      language: "Node.js",
      install: "npm install standardwebhooks",
      code: `import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.${secretHint}); // "whsec_…"

// Next.js route handler; any framework works with the raw body and the headers.
export async function POST(request) {
  const payload = await request.text(); // the raw body, exactly as sent
  const headers = Object.fromEntries(request.headers);
  try {
    const event = wh.verify(payload, headers); // throws if the signature or timestamp is wrong
    console.log(event.type, event.data);
    return new Response(null, { status: 204 });
  } catch {
    return new Response("Invalid signature", { status: 400 });
  }
}`,
    },
    {
      language: "Python",
      install: "pip install standardwebhooks",
      code: `import os
from flask import Flask, request
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

app = Flask(__name__)
wh = Webhook(os.environ["${secretHint}"])  # "whsec_…"

@app.post("/webhooks")
def receive():
    try:
        # the raw body, exactly as sent; header names may come in any case
        event = wh.verify(request.get_data(as_text=True), dict(request.headers))
    except WebhookVerificationError:
        return "Invalid signature", 400
    print(event["type"], event["data"])
    return "", 204`,
    },
    {
      language: "Go",
      install: "go get github.com/standard-webhooks/standard-webhooks/libraries",
      code: `import (
	"io"
	"net/http"
	"os"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

func receive(w http.ResponseWriter, r *http.Request) {
	wh, err := standardwebhooks.NewWebhook(os.Getenv("${secretHint}")) // "whsec_…"
	if err != nil {
		http.Error(w, "bad secret", http.StatusInternalServerError)
		return
	}
	payload, err := io.ReadAll(r.Body) // the raw body, exactly as sent
	if err != nil || wh.Verify(payload, r.Header) != nil {
		http.Error(w, "invalid signature", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}`,
    },
    {
      language: "Ruby",
      install: "gem install standardwebhooks",
      code: `require "standardwebhooks"

class WebhooksController < ApplicationController
  skip_before_action :verify_authenticity_token

  def create
    wh = StandardWebhooks::Webhook.new(ENV.fetch("${secretHint}")) # "whsec_…"
    event = wh.verify(request.raw_post, {
      "webhook-id" => request.headers["webhook-id"],
      "webhook-timestamp" => request.headers["webhook-timestamp"],
      "webhook-signature" => request.headers["webhook-signature"],
    })
    Rails.logger.info("#{event["type"]}")
    head :no_content
  rescue StandardWebhooks::WebhookVerificationError
    head :bad_request
  end
end`,
    },
    {
      language: "PHP",
      install: "composer require standard-webhooks/standard-webhooks",
      code: `<?php
require __DIR__ . '/vendor/autoload.php';

$wh = new \\StandardWebhooks\\Webhook(getenv('${secretHint}')); // "whsec_…"
$payload = file_get_contents('php://input'); // the raw body, exactly as sent
$headers = array_change_key_case(getallheaders(), CASE_LOWER);

try {
    $event = $wh->verify($payload, $headers);
    http_response_code(204);
} catch (\\StandardWebhooks\\Exception\\WebhookVerificationException $e) {
    http_response_code(400);
}`,
    },
  ];
}

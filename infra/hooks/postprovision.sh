#!/bin/sh
# azd postprovision hook (POSIX). The app's Key Vault references are first resolved when the site is created, usually
# before its identity's new Key Vault Secrets User role is effective; the platform then passes the reference text
# through as the setting's value (the app refuses to start on it). This asks App Service to resolve the references
# again until every one is resolved, then restarts the app so the next start reads the secrets.
# Needs the Azure CLI (az), signed in to the same tenant and subscription as azd.
set -eu

: "${AZURE_SUBSCRIPTION_ID:?azd sets AZURE_SUBSCRIPTION_ID}"
: "${AZURE_RESOURCE_GROUP:?the provision outputs set AZURE_RESOURCE_GROUP}"
: "${AZURE_FUNCTION_APP_NAME:?the provision outputs set AZURE_FUNCTION_APP_NAME}"

if ! command -v az >/dev/null 2>&1; then
    echo "postprovision: the Azure CLI (az) is needed to refresh the app's Key Vault references; install it and run 'azd provision' again." >&2
    exit 1
fi

# A path without a host: az rest prefixes the current cloud's Resource Manager endpoint.
site="/subscriptions/${AZURE_SUBSCRIPTION_ID}/resourceGroups/${AZURE_RESOURCE_GROUP}/providers/Microsoft.Web/sites/${AZURE_FUNCTION_APP_NAME}"
api="api-version=2022-03-01"
attempts="${TOUCHPOINTS_REFERENCE_REFRESH_ATTEMPTS:-30}"
delay="${TOUCHPOINTS_REFERENCE_REFRESH_DELAY_SECONDS:-20}"

attempt=1
while :; do
    az rest --method post --url "${site}/config/configreferences/appsettings/refresh?${api}" --output none
    # The names of the references that are not resolved yet; empty when all are (or when there are none).
    unresolved=$(az rest --method get --url "${site}/config/configreferences/appsettings?${api}" \
        --query "value[?properties.status != 'Resolved'].name" --output tsv)
    if [ -z "$unresolved" ]; then
        echo "postprovision: every Key Vault reference of ${AZURE_FUNCTION_APP_NAME} is resolved."
        break
    fi
    if [ "$attempt" -ge "$attempts" ]; then
        echo "postprovision: still unresolved after ${attempts} attempts: $(echo "$unresolved" | tr '\n' ' ')" >&2
        echo "postprovision: check the identity's Key Vault Secrets User role and the vault's network rules, then run 'azd provision' again." >&2
        exit 1
    fi
    echo "postprovision: waiting for role assignments to take effect (attempt ${attempt}/${attempts}): $(echo "$unresolved" | tr '\n' ' ')"
    attempt=$((attempt + 1))
    sleep "$delay"
done

# A running instance keeps the settings it started with; restart so the next start reads the resolved secrets.
az functionapp restart --resource-group "${AZURE_RESOURCE_GROUP}" --name "${AZURE_FUNCTION_APP_NAME}" --output none
echo "postprovision: restarted ${AZURE_FUNCTION_APP_NAME}."

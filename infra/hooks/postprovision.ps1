# azd postprovision hook (Windows, PowerShell 7). The same steps as postprovision.sh: the app's Key Vault references are
# first resolved when the site is created, usually before its identity's Key Vault Secrets User role is effective, and
# the platform then passes the reference text through as the setting's value (the app refuses to start on it). This asks
# App Service to resolve the references again until every one is resolved, then restarts the app.
# Needs the Azure CLI (az), signed in to the same tenant and subscription as azd.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

foreach ($name in 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "postprovision: $name is not set (azd and the provision outputs set it)." }
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    throw "postprovision: the Azure CLI (az) is needed to refresh the app's Key Vault references; install it and run 'azd provision' again."
}

# A path without a host: az rest prefixes the current cloud's Resource Manager endpoint.
$site = "/subscriptions/$($env:AZURE_SUBSCRIPTION_ID)/resourceGroups/$($env:AZURE_RESOURCE_GROUP)/providers/Microsoft.Web/sites/$($env:AZURE_FUNCTION_APP_NAME)"
$api = 'api-version=2022-03-01'
$attempts = if ($env:TOUCHPOINTS_REFERENCE_REFRESH_ATTEMPTS) { [int]$env:TOUCHPOINTS_REFERENCE_REFRESH_ATTEMPTS } else { 30 }
$delay = if ($env:TOUCHPOINTS_REFERENCE_REFRESH_DELAY_SECONDS) { [int]$env:TOUCHPOINTS_REFERENCE_REFRESH_DELAY_SECONDS } else { 20 }

for ($attempt = 1; ; $attempt++) {
    az rest --method post --url "$site/config/configreferences/appsettings/refresh?$api" --output none
    if ($LASTEXITCODE -ne 0) { throw "postprovision: az rest (refresh) failed with exit code $LASTEXITCODE." }
    # The names of the references that are not resolved yet; empty when all are (or when there are none).
    $unresolved = az rest --method get --url "$site/config/configreferences/appsettings?$api" `
        --query "value[?properties.status != 'Resolved'].name" --output tsv
    if ($LASTEXITCODE -ne 0) { throw "postprovision: az rest (status) failed with exit code $LASTEXITCODE." }
    if (-not $unresolved) {
        Write-Host "postprovision: every Key Vault reference of $($env:AZURE_FUNCTION_APP_NAME) is resolved."
        break
    }
    if ($attempt -ge $attempts) {
        throw "postprovision: still unresolved after $attempts attempts: $($unresolved -join ' '). Check the identity's Key Vault Secrets User role and the vault's network rules, then run 'azd provision' again."
    }
    Write-Host "postprovision: waiting for role assignments to take effect (attempt $attempt/$attempts): $($unresolved -join ' ')"
    Start-Sleep -Seconds $delay
}

# A running instance keeps the settings it started with; restart so the next start reads the resolved secrets.
az functionapp restart --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_APP_NAME --output none
if ($LASTEXITCODE -ne 0) { throw "postprovision: az functionapp restart failed with exit code $LASTEXITCODE." }
Write-Host "postprovision: restarted $($env:AZURE_FUNCTION_APP_NAME)."

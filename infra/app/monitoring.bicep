metadata description = 'Log Analytics and Application Insights. Ingestion requires an Entra ID token: the instrumentation key alone cannot write telemetry.'

@description('Required. Name of the Log Analytics workspace.')
@minLength(4)
@maxLength(63)
param logAnalyticsName string

@description('Required. Name of the Application Insights component.')
@minLength(1)
@maxLength(260)
param applicationInsightsName string

@description('Required. Azure region of both resources.')
param location string

@description('Optional. Tags of the resources.')
param tags object = {}

@description('Optional. Days logs are kept.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    // Telemetry is accepted only with an Entra ID token (Monitoring Metrics Publisher), so a leaked connection string cannot inject data.
    DisableLocalAuth: true
  }
}

@description('The name of the Log Analytics workspace.')
output logAnalyticsName string = logAnalytics.name

@description('The resource ID of the Log Analytics workspace.')
output logAnalyticsResourceId string = logAnalytics.id

@description('The name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('The resource ID of the Application Insights component.')
output applicationInsightsResourceId string = applicationInsights.id

"""Seeds a moto server from a JSON spec on stdin (written by the Rust tests, which keep the truth).

Spec: {"region": str,
       "functions": [{"name", "memory", "timeout", "arch", "runtime", "tags": {}, "reserved": int|null,
                      "invoker_service": str|null, "source_arn": str|null,
                      "event_source": "sqs"? (a queue NAME-queue mapped to it),
                      "callers": [function name]? (lambda.amazonaws.com with that function as source)}],
       "metrics": [{"function", "metric", "timestamp" (unix s), "values": [float]}],
       "cost_results": [GetCostAndUsage result, ...]}   (queued in order)
Endpoint in BERTH_MOTO_ENDPOINT; credentials are moto's fake ones from the environment.
"""

import datetime
import io
import json
import os
import sys
import urllib.request
import zipfile

import boto3
from botocore.config import Config

spec = json.load(sys.stdin)
endpoint = os.environ["BERTH_MOTO_ENDPOINT"]
region = spec["region"]


def client(service):
    # No request compression: moto fails to read botocore's gzipped PutMetricData bodies.
    config = Config(disable_request_compression=True)
    return boto3.client(service, region_name=region, endpoint_url=endpoint, config=config)


iam = client("iam")
role_arn = iam.create_role(
    RoleName="berth-test-role",
    AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}),
)["Role"]["Arn"]

package = io.BytesIO()
with zipfile.ZipFile(package, "w") as archive:
    archive.writestr("index.py", "def handler(event, context):\n    return 1\n")

lam = client("lambda")
for function in spec["functions"]:
    lam.create_function(
        FunctionName=function["name"],
        Runtime=function["runtime"],
        Role=role_arn,
        Handler="index.handler",
        Code={"ZipFile": package.getvalue()},
        MemorySize=function["memory"],
        Timeout=function["timeout"],
        Architectures=[function["arch"]],
        Tags=function["tags"],
    )
    if function.get("reserved") is not None:
        lam.put_function_concurrency(
            FunctionName=function["name"],
            ReservedConcurrentExecutions=function["reserved"],
        )
    if function.get("invoker_service"):
        extra = {}
        if function.get("source_arn"):
            extra["SourceArn"] = function["source_arn"]
        lam.add_permission(
            FunctionName=function["name"],
            StatementId="invoke",
            Action="lambda:InvokeFunction",
            Principal=function["invoker_service"],
            **extra,
        )

sqs = client("sqs")
for function in spec["functions"]:
    if function.get("event_source") == "sqs":
        queue = sqs.create_queue(QueueName=function["name"] + "-queue")["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName=function["name"])
    for number, caller in enumerate(function.get("callers", [])):
        caller_arn = lam.get_function(FunctionName=caller)["Configuration"]["FunctionArn"]
        lam.add_permission(
            FunctionName=function["name"],
            StatementId=f"function-{number}",
            Action="lambda:InvokeFunction",
            Principal="lambda.amazonaws.com",
            SourceArn=caller_arn,
        )

cloudwatch = client("cloudwatch")
data = []
for metric in spec["metrics"]:
    timestamp = datetime.datetime.fromtimestamp(metric["timestamp"], tz=datetime.timezone.utc)
    for value in metric["values"]:
        data.append(
            {
                "MetricName": metric["metric"],
                "Dimensions": [{"Name": "FunctionName", "Value": metric["function"]}],
                "Timestamp": timestamp,
                "Value": value,
            }
        )
for start in range(0, len(data), 1000):
    cloudwatch.put_metric_data(Namespace="AWS/Lambda", MetricData=data[start : start + 1000])

if spec.get("cost_results"):
    request = urllib.request.Request(
        endpoint + "/moto-api/static/ce/cost-and-usage-results",
        data=json.dumps({"results": spec["cost_results"]}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    urllib.request.urlopen(request).read()

print(json.dumps({"functions": len(spec["functions"]), "datapoints": len(data)}))

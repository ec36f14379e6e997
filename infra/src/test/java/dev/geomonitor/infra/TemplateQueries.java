package dev.geomonitor.infra;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awscdk.assertions.Template;

/**
 * Small read-only queries over a synthesized template, for facts Template's matchers cannot express
 * directly.
 */
final class TemplateQueries {
  private TemplateQueries() {}

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> resources(Template template, String type) {
    return (Map<String, Map<String, Object>>) (Map<String, ?>) template.findResources(type);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  /** Logical ids of the subnets CDK tagged with the given type (Public, Private, Isolated). */
  @SuppressWarnings("unchecked")
  static Set<String> subnetsOfType(Template template, String subnetType) {
    return resources(template, "AWS::EC2::Subnet").entrySet().stream()
        .filter(
            e ->
                ((List<Map<String, Object>>) properties(e.getValue()).get("Tags"))
                    .stream()
                        .anyMatch(
                            tag ->
                                "aws-cdk:subnet-type".equals(tag.get("Key"))
                                    && subnetType.equals(tag.get("Value"))))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /** The logical ids a list of {"Ref": id} values points at. */
  @SuppressWarnings("unchecked")
  static Set<String> refs(Object listOfRefs) {
    return ((List<Map<String, Object>>) listOfRefs)
        .stream().map(r -> (String) r.get("Ref")).collect(Collectors.toSet());
  }

  /** Policy statements of every AWS::IAM::Policy attached to the role with the given logical id. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> statementsOfRole(Template template, String roleLogicalId) {
    return resources(template, "AWS::IAM::Policy").values().stream()
        .map(TemplateQueries::properties)
        .filter(p -> refs(p.get("Roles")).contains(roleLogicalId))
        .flatMap(
            p ->
                ((List<Map<String, Object>>)
                        ((Map<String, Object>) p.get("PolicyDocument")).get("Statement"))
                    .stream())
        .toList();
  }

  @SuppressWarnings("unchecked")
  static List<String> actions(Map<String, Object> statement) {
    Object action = statement.get("Action");
    return action instanceof List ? (List<String>) action : List.of((String) action);
  }

  @SuppressWarnings("unchecked")
  static List<Object> resourcesOf(Map<String, Object> statement) {
    Object resource = statement.get("Resource");
    return resource instanceof List ? (List<Object>) resource : List.of(resource);
  }

  /** Logical id of the role of the Lambda function whose handler is the given class. */
  @SuppressWarnings("unchecked")
  static String roleOfHandler(Template template, String handler) {
    return resources(template, "AWS::Lambda::Function").values().stream()
        .map(TemplateQueries::properties)
        .filter(p -> handler.equals(p.get("Handler")))
        .map(
            p ->
                (String)
                    ((List<Object>) ((Map<String, Object>) p.get("Role")).get("Fn::GetAtt")).get(0))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no function with handler " + handler));
  }

  static Map<String, Object> functionWithHandler(Template template, String handler) {
    return resources(template, "AWS::Lambda::Function").values().stream()
        .map(TemplateQueries::properties)
        .filter(p -> handler.equals(p.get("Handler")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no function with handler " + handler));
  }
}

import { useState } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  KratixCrossplaneNode,
  KratixCrossplaneTree,
} from '@kratix-backstage/plugin-kratix-common';
import { SectionError } from './SectionError';
import { ConditionStatus, StatusLabel } from './StatusLabels';
import type { LiveState } from './types';
import { YamlDialog } from './YamlDialog';

const useStyles = makeStyles(theme => ({
  tree: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  children: {
    listStyle: 'none',
    margin: theme.spacing(0, 0, 0, 1.5),
    padding: theme.spacing(0, 0, 0, 2),
    borderLeft: `2px solid ${theme.palette.divider}`,
  },
  node: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 0),
  },
  name: {
    fontFamily: 'monospace',
    wordBreak: 'break-all',
  },
  statuses: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(0.5),
  },
  messages: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2.5),
  },
}));

const ROLE_LABELS: Record<KratixCrossplaneNode['role'], string | undefined> = {
  claim: 'Claim',
  composite: 'Composite resource',
  managed: 'Managed resource',
  unknown: undefined,
};

function qualifiedName(node: KratixCrossplaneNode): string {
  return node.namespace ? `${node.namespace}/${node.name}` : node.name;
}

function nodeKey(node: KratixCrossplaneNode): string {
  return [node.cluster, node.apiVersion, node.kind, qualifiedName(node)].join(
    '/',
  );
}

function NodeDetails(props: { node: KratixCrossplaneNode }) {
  const classes = useStyles();
  const { node } = props;
  if (!node.found) {
    return (
      <Box className={classes.statuses}>
        <StatusLabel kind="error">
          {node.error ?? 'This object could not be read'}
        </StatusLabel>
      </Box>
    );
  }
  return (
    <>
      <Box className={classes.statuses}>
        <ConditionStatus label="Ready" status={node.ready} />
        <ConditionStatus label="Synced" status={node.synced} />
      </Box>
      {node.messages.length > 0 && (
        <ul className={classes.messages}>
          {node.messages.map((m, i) => (
            <li key={`${m.type}-${i}`}>
              <Typography variant="body2">
                <strong>
                  {m.type}
                  {m.reason ? ` (${m.reason})` : ''}:
                </strong>{' '}
                {m.message}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function NodeItem(props: {
  node: KratixCrossplaneNode;
  onShowYaml: (node: KratixCrossplaneNode) => void;
}) {
  const classes = useStyles();
  const { node, onShowYaml } = props;
  const role = ROLE_LABELS[node.role];
  const where = [
    node.apiVersion,
    `cluster ${node.cluster}`,
    node.destination && `Destination ${node.destination}`,
  ].filter(Boolean);
  return (
    <li aria-label={`${node.kind} ${qualifiedName(node)}`}>
      <div className={classes.node}>
        <div>
          <Typography variant="subtitle2" component="div">
            {node.kind}{' '}
            <span className={classes.name}>{qualifiedName(node)}</span>{' '}
            {role && <Chip size="small" label={role} variant="outlined" />}
          </Typography>
          <Typography variant="caption" color="textSecondary" component="div">
            {where.join(' · ')}
          </Typography>
          <NodeDetails node={node} />
        </div>
        {node.yaml && (
          <Button
            size="small"
            variant="outlined"
            onClick={() => onShowYaml(node)}
            aria-label={`YAML of ${node.kind} ${node.name}`}
          >
            YAML
          </Button>
        )}
      </div>
      {node.children.length > 0 && (
        <ul className={classes.children}>
          {node.children.map(child => (
            <NodeItem
              key={nodeKey(child)}
              node={child}
              onShowYaml={onShowYaml}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

function CrossplaneTree(props: { tree: KratixCrossplaneTree }) {
  const classes = useStyles();
  const { tree } = props;
  // The last node shown stays in the dialog while it fades out.
  const [shown, setShown] = useState<KratixCrossplaneNode>();
  const [open, setOpen] = useState(false);
  const showYaml = (node: KratixCrossplaneNode) => {
    setShown(node);
    setOpen(true);
  };
  return (
    <>
      {tree.problems.length > 0 && (
        <WarningPanel
          title="Some Crossplane objects could not be followed"
          defaultExpanded
        >
          <ul>
            {tree.problems.map(problem => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </WarningPanel>
      )}
      {tree.truncated && (
        <WarningPanel
          severity="info"
          title="The tree is cut short"
          message="It holds more objects, or goes deeper, than the Kratix backend follows (kratix.backend.crossplaneMaxNodes and crossplaneMaxDepth)."
          defaultExpanded
        />
      )}
      {tree.roots.length === 0 ? (
        <EmptyState
          missing="data"
          title="No Crossplane objects"
          description="The Works of this entity place no Crossplane claim or composite resource on a Destination."
        />
      ) : (
        <ul className={classes.tree} aria-label="Crossplane objects">
          {tree.roots.map(root => (
            <NodeItem key={nodeKey(root)} node={root} onShowYaml={showYaml} />
          ))}
        </ul>
      )}
      <YamlDialog
        open={open}
        title={shown ? `${shown.kind} ${qualifiedName(shown)}` : ''}
        yaml={shown?.yaml ?? ''}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

/** The Crossplane objects behind an entity: claim → composite resource → managed resources, with their conditions. */
export function CrossplaneTreeCard(props: {
  state: LiveState<KratixCrossplaneTree>;
}) {
  const { value, loading, error } = props.state;
  let content;
  if (error) {
    content = (
      <SectionError
        error={error}
        subject="the Crossplane objects of this entity"
      />
    );
  } else if (loading || !value) {
    content = <Progress />;
  } else {
    content = <CrossplaneTree tree={value} />;
  }
  return (
    <InfoCard
      title="Crossplane resources"
      subheader="Claims and composite resources this entity placed, followed down to their managed resources"
    >
      {content}
    </InfoCard>
  );
}
